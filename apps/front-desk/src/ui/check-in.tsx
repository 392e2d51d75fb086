import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/i18n';
import { useDesk } from './context';
import { ErrorNotice } from './error-notice';
import { EMPTY_VITALS, vitalsBody, type VitalsDraft } from './vitals';

export interface CheckInTarget {
  appointmentId: string;
  patientId: string;
  patientName: string;
}

/**
 * Check-in as a dialog: vitals first (for roles that record them), then the check-in. Vitals that
 * were saved are not sent again when only the check-in failed; nothing typed is lost on an error.
 */
export function CheckInDialog({ target, onDone, onClose }: { target: CheckInTarget; onDone(): void; onClose(): void }) {
  const { api, t, can, announce } = useDesk();
  const recordsVitals = can('recordClinical');
  const [draft, setDraft] = useState<VitalsDraft>(EMPTY_VITALS);
  const [vitalsSaved, setVitalsSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    dialogRef.current?.querySelector<HTMLElement>('input, button.primary')?.focus();
    return () => (opener.current as HTMLElement | null)?.focus?.();
  }, []);

  const set = (field: keyof VitalsDraft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = recordsVitals ? vitalsBody(draft, target.appointmentId) : null;
      if (body && !vitalsSaved) {
        await api.post(`/patients/${encodeURIComponent(target.patientId)}/vitals`, body);
        setVitalsSaved(true);
        announce(t('vitals.saved'));
      }
      await api.post(`/appointments/${encodeURIComponent(target.appointmentId)}/check-in`);
      announce(t('appt.checkedIn', { name: target.patientName }));
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const field = (id: keyof VitalsDraft, label: MessageKey, props: { min?: number; max?: number; step?: string } = {}) => (
    <div>
      <label htmlFor={`vitals-${id}`}>{t(label)}</label>
      <input id={`vitals-${id}`} inputMode="decimal" value={draft[id]} onChange={set(id)} disabled={vitalsSaved} {...props} />
    </div>
  );

  return (
    <div className="backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="check-in-title" ref={dialogRef} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id="check-in-title">{t('vitals.title', { name: target.patientName })}</h2>
        <form onSubmit={submit} id="check-in-form">
          {recordsVitals ? (
            <>
              <p className="hint">{t('vitals.intro')}</p>
              <div className="grid-3">
                {field('systolic', 'vitals.systolic')}
                {field('diastolic', 'vitals.diastolic')}
                {field('pulse', 'vitals.pulse')}
                {field('temperature', 'vitals.temperature')}
                <div>
                  <label htmlFor="vitals-temperatureUnit">{t('vitals.temperatureUnit')}</label>
                  <select id="vitals-temperatureUnit" value={draft.temperatureUnit} onChange={set('temperatureUnit')} disabled={vitalsSaved}>
                    <option value="F">°F</option>
                    <option value="C">°C</option>
                  </select>
                </div>
                {field('respiratoryRate', 'vitals.respiratoryRate')}
                {field('spo2', 'vitals.spo2')}
                {field('weight', 'vitals.weight')}
                <div>
                  <label htmlFor="vitals-weightUnit">{t('vitals.weightUnit')}</label>
                  <select id="vitals-weightUnit" value={draft.weightUnit} onChange={set('weightUnit')} disabled={vitalsSaved}>
                    <option value="lb">lb</option>
                    <option value="kg">kg</option>
                  </select>
                </div>
              </div>
              {vitalsSaved && <p className="notice notice-ok">{t('vitals.saved')}</p>}
            </>
          ) : (
            <p className="hint">{t('vitals.notAllowed')}</p>
          )}
          <ErrorNotice error={error} t={t} id="check-in-error" />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy} id="check-in-submit">
              {busy ? t('app.saving') : recordsVitals && vitalsBody(draft, target.appointmentId) && !vitalsSaved ? t('vitals.submitWithVitals') : t('vitals.submit')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
