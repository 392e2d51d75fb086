import { useState, type FormEvent } from 'react';
import { query } from '../api/client';
import type { Slot } from '../api/types';
import { dayAndTime } from '../time';
import { useDesk } from './context';
import { ErrorNotice } from './error-notice';

export interface ActionTarget {
  appointmentId: string;
  patientId: string;
  patientName: string;
  providerId: string;
  appointmentTypeId?: string;
  start: string;
}

/** Cancel with a reason and who cancels. */
export function CancelForm({ target, onDone, onClose }: { target: ActionTarget; onDone(): void; onClose(): void }) {
  const { api, t, announce } = useDesk();
  const [reason, setReason] = useState('');
  const [party, setParty] = useState<'patient' | 'clinic'>('patient');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/appointments/${encodeURIComponent(target.appointmentId)}/cancel`, { reason: reason.trim(), party });
      announce(t('appt.cancelled'));
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={t('appt.cancel')}>
      <label htmlFor={`cancel-reason-${target.appointmentId}`}>{t('appt.cancel.reason')}</label>
      <input id={`cancel-reason-${target.appointmentId}`} required minLength={1} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <fieldset>
        <legend>{t('appt.cancel.party')}</legend>
        <label className="inline">
          <input type="radio" name={`party-${target.appointmentId}`} value="patient" checked={party === 'patient'} onChange={() => setParty('patient')} /> {t('appt.cancel.party.patient')}
        </label>
        <label className="inline">
          <input type="radio" name={`party-${target.appointmentId}`} value="clinic" checked={party === 'clinic'} onChange={() => setParty('clinic')} /> {t('appt.cancel.party.clinic')}
        </label>
      </fieldset>
      <ErrorNotice error={error} t={t} />
      <div className="actions">
        <button type="submit" className="danger cancel-confirm" disabled={busy}>
          {t('appt.cancel.confirm')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
    </form>
  );
}

/** Reschedule: the next free time of the same type and provider after the current one, with a reason. */
export function RescheduleForm({ target, onDone, onClose }: { target: ActionTarget; onDone(): void; onClose(): void }) {
  const { api, t, language, site, announce } = useDesk();
  const [reason, setReason] = useState('');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function find() {
    setBusy(true);
    setError(null);
    try {
      const after = slot?.start ?? target.start;
      setSlot(await api.get<Slot>(`/slots/first-available${query({ siteId: site.id, appointmentTypeId: target.appointmentTypeId, providerId: target.providerId, after })}`));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!slot) return find();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/appointments/${encodeURIComponent(target.appointmentId)}/reschedule`, { start: slot.start, providerId: slot.providerId, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      announce(t('appt.rescheduled', { time: dayAndTime(slot.start, site.timeZone, language) }));
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={t('appt.reschedule')}>
      <label htmlFor={`reschedule-reason-${target.appointmentId}`}>{t('appt.reschedule.reason')}</label>
      <input id={`reschedule-reason-${target.appointmentId}`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <ErrorNotice error={error} t={t} />
      <div className="actions">
        <button type="button" className="secondary reschedule-find" onClick={find} disabled={busy}>
          {slot ? t('book.next') : t('appt.reschedule.find')}
        </button>
        {slot && (
          <button type="submit" className="primary reschedule-confirm" disabled={busy}>
            {t('appt.reschedule.confirm', { time: dayAndTime(slot.start, site.timeZone, language) })}
          </button>
        )}
        <button type="button" className="secondary" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
    </form>
  );
}
