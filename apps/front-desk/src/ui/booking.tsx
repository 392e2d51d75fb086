import { useEffect, useState, type FormEvent } from 'react';
import { query } from '../api/client';
import { itemsOf, type Appointment, type AppointmentType, type List, type Provider, type Slot } from '../api/types';
import { dayAndTime } from '../time';
import { useDesk } from './context';
import { ErrorNotice } from './error-notice';

export const BOOK_TYPE_ID = 'book-type';

/** The site's visit types and providers, loaded once per site. */
export function useCatalogue(): { types: AppointmentType[]; providers: Provider[] } {
  const { api, site } = useDesk();
  const [types, setTypes] = useState<AppointmentType[]>([]);
  const [providers, setProviders] = useState<Provider[]>([]);
  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const [t, p] = await Promise.all([api.get<List<AppointmentType> | AppointmentType[]>('/appointment-types'), api.get<List<Provider> | Provider[]>(`/providers${query({ siteId: site.id })}`)]);
        if (!current) return;
        setTypes(itemsOf(t));
        setProviders(itemsOf(p).filter((x) => x.active !== false));
      } catch {
        // The booking form shows the error of the slot search itself.
      }
    })();
    return () => {
      current = false;
    };
  }, [api, site.id]);
  return { types, providers };
}

/**
 * Book the first available slot for a patient, by type and (optionally) provider: find, look,
 * book or ask for the next one. A slot taken meanwhile answers SLOT_TAKEN; the form stays.
 */
export function BookFirstAvailable({ patientId, onBooked }: { patientId: string; onBooked(appointment: Appointment): void }) {
  const { api, t, language, site, announce } = useDesk();
  const { types, providers } = useCatalogue();
  const [typeId, setTypeId] = useState('');
  const [providerId, setProviderId] = useState('');
  const [reason, setReason] = useState('');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!typeId && types.length) setTypeId(types.find((x) => x.id === 'urgent-care')?.id ?? types[0].id);
  }, [types, typeId]);

  async function find(after?: string) {
    setBusy(true);
    setError(null);
    try {
      setSlot(await api.get<Slot>(`/slots/first-available${query({ siteId: site.id, appointmentTypeId: typeId, providerId: providerId || undefined, after })}`));
    } catch (caught) {
      setSlot(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function book(event: FormEvent) {
    event.preventDefault();
    if (!slot) return find();
    setBusy(true);
    setError(null);
    try {
      const appointment = await api.post<Appointment>('/appointments', { patientId, providerId: slot.providerId, siteId: site.id, appointmentTypeId: slot.appointmentTypeId, start: slot.start, reason: reason.trim() });
      announce(t('book.booked', { time: dayAndTime(slot.start, site.timeZone, language), provider: slot.providerName }));
      setSlot(null);
      setReason('');
      onBooked(appointment);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="book-title">
      <h3 id="book-title">{t('book.title')}</h3>
      <form onSubmit={book} id="book-form">
        <div className="grid-3">
          <div>
            <label htmlFor={BOOK_TYPE_ID}>{t('book.type')}</label>
            <select id={BOOK_TYPE_ID} value={typeId} onChange={(e) => (setTypeId(e.target.value), setSlot(null))}>
              {types.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.durationMinutes} min)
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="book-provider">{t('book.provider')}</label>
            <select id="book-provider" value={providerId} onChange={(e) => (setProviderId(e.target.value), setSlot(null))}>
              <option value="">{t('book.anyProvider')}</option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="book-reason">{t('book.reason')}</label>
            <input id="book-reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        </div>
        {slot && (
          <p className="notice notice-ok" id="book-slot" aria-live="polite">
            {t('book.found', { time: dayAndTime(slot.start, site.timeZone, language), provider: slot.providerName })}
          </p>
        )}
        <ErrorNotice error={error} t={t} id="book-error" />
        <div className="actions">
          {slot ? (
            <>
              <button type="submit" className="primary" disabled={busy} id="book-confirm">
                {t('book.confirm')}
              </button>
              <button type="button" className="secondary" disabled={busy} onClick={() => find(slot.start)}>
                {t('book.next')}
              </button>
            </>
          ) : (
            <button type="submit" className="primary" disabled={busy || !typeId} id="book-find">
              {t('book.find')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
