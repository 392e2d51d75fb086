import { useCallback, useEffect, useRef, useState } from 'react';
import { query } from '../api/client';
import type { DayAppointment, DayView as Day } from '../api/types';
import { addDays, calendarDate, clockTime, dayInZone } from '../time';
import type { CheckInTarget } from './check-in';
import { useDesk } from './context';
import { ErrorNotice } from './error-notice';

/** How often the day is asked for again: a booking made at another desk shows within this. */
export const DAY_POLL_MS = 2000;

const OPEN = new Set(['booked', 'confirmed']);

/**
 * The site's day per provider, live: polled every DAY_POLL_MS while shown (one request in flight
 * at a time; a failure keeps the last day on screen, says since when, and retries).
 */
export function DayView({ onCheckIn, onOpenPatient, refreshKey }: { onCheckIn(target: CheckInTarget): void; onOpenPatient(patientId: string): void; refreshKey: number }) {
  const { api, t, language, site, announce } = useDesk();
  const [date, setDate] = useState(() => dayInZone(new Date(), site.timeZone));
  const [providerId, setProviderId] = useState('');
  const [day, setDay] = useState<Day | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [failing, setFailing] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const wanted = useRef({ date, siteId: site.id });
  wanted.current = { date, siteId: site.id };

  const load = useCallback(async () => {
    const asked = { date, siteId: site.id };
    try {
      const answer = await api.get<Day>(`/schedule/day${query({ siteId: site.id, date })}`);
      if (wanted.current.date !== asked.date || wanted.current.siteId !== asked.siteId) return;
      setDay(answer);
      setUpdatedAt(new Date());
      setFailing(null);
    } catch (caught) {
      setFailing(caught);
    }
  }, [api, date, site.id]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      await load();
      if (!stopped) timer = setTimeout(loop, DAY_POLL_MS);
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [load, refreshKey]);

  async function checkOut(a: DayAppointment) {
    setActionError(null);
    try {
      await api.post(`/appointments/${encodeURIComponent(a.appointmentId)}/check-out`);
      announce(t('appt.checkedOut', { name: a.patientName ?? a.patientId }));
      await load();
    } catch (caught) {
      setActionError(caught);
    }
  }

  const providers = (day?.providers ?? []).filter((p) => !providerId || p.providerId === providerId);
  const time = (iso: string) => clockTime(iso, site.timeZone, language);

  return (
    <section className="card" aria-labelledby="day-title" id="day-view">
      <div className="row-between">
        <h2 id="day-title">
          {t('day.title')} · {site.name} · {calendarDate(date, language)}
        </h2>
        <p className="hint" id="day-live" aria-live="off">
          {updatedAt && t(failing ? 'day.stale' : 'day.live', { time: updatedAt.toLocaleTimeString(language, { timeZone: site.timeZone }) })}
        </p>
      </div>
      <div className="toolbar">
        <button type="button" className="secondary" id="day-previous" onClick={() => setDate((d) => addDays(d, -1))}>
          {t('day.previous')}
        </button>
        <button type="button" className="secondary" onClick={() => setDate(dayInZone(new Date(), site.timeZone))}>
          {t('day.today')}
        </button>
        <button type="button" className="secondary" id="day-next" onClick={() => setDate((d) => addDays(d, 1))}>
          {t('day.next')}
        </button>
        <label htmlFor="day-date">{t('day.date')}</label>
        <input id="day-date" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        <label htmlFor="day-provider">{t('day.provider')}</label>
        <select id="day-provider" value={providerId} onChange={(e) => setProviderId(e.target.value)}>
          <option value="">{t('day.allProviders')}</option>
          {(day?.providers ?? []).map((p) => (
            <option key={p.providerId} value={p.providerId}>
              {p.providerName}
            </option>
          ))}
        </select>
      </div>
      {failing !== null && <ErrorNotice error={failing} t={t} />}
      <ErrorNotice error={actionError} t={t} />
      {day && (
        <p className="totals" id="day-totals">
          {t('day.totals')}:{' '}
          {Object.entries(day.totals)
            .map(([status, n]) => `${t(`appt.status.${status as DayAppointment['status']}`)} ${n}`)
            .join(' · ')}
        </p>
      )}
      {day && providers.every((p) => p.appointments.length === 0) && <p className="hint">{t('day.empty')}</p>}
      {providers
        .filter((p) => p.appointments.length > 0)
        .map((p) => (
          <table key={p.providerId} className="day" data-provider-id={p.providerId}>
            <caption>{p.providerName}</caption>
            <thead>
              <tr>
                <th scope="col">{t('day.time')}</th>
                <th scope="col">{t('day.patient')}</th>
                <th scope="col">{t('day.type')}</th>
                <th scope="col">{t('day.status')}</th>
                <th scope="col">{t('day.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {p.appointments.map((a) => (
                <tr key={a.appointmentId} data-appointment-id={a.appointmentId} data-status={a.status} className={a.status === 'cancelled' ? 'muted' : undefined}>
                  <td className="mono">
                    {time(a.start)}–{time(a.end)}
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => onOpenPatient(a.patientId)}>
                      {a.patientName ?? a.patientId}
                    </button>
                    {a.patientDateOfBirth && <span className="hint"> · {calendarDate(a.patientDateOfBirth, language)}</span>}
                  </td>
                  <td>{a.appointmentTypeName ?? a.appointmentTypeId}</td>
                  <td>
                    <span className={`status status-${a.status}`}>{t(`appt.status.${a.status}`)}</span>
                  </td>
                  <td>
                    {OPEN.has(a.status) && (
                      <button type="button" className="primary small check-in" onClick={() => onCheckIn({ appointmentId: a.appointmentId, patientId: a.patientId, patientName: a.patientName ?? a.patientId })}>
                        {t('appt.checkIn')}
                      </button>
                    )}
                    {a.status === 'checked-in' && (
                      <button type="button" className="primary small check-out" onClick={() => void checkOut(a)}>
                        {t('appt.checkOut')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
