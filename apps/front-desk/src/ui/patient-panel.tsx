import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { query } from '../api/client';
import { itemsOf, type Appointment, type List, type Patient } from '../api/types';
import { calendarDate, dayAndTime } from '../time';
import { CancelForm, RescheduleForm, type ActionTarget } from './appointment-actions';
import { BookFirstAvailable } from './booking';
import type { CheckInTarget } from './check-in';
import { useDesk } from './context';
import { ErrorNotice } from './error-notice';

const OPEN = new Set(['booked', 'confirmed']);

/** One patient: who they are, booking, and their appointments with the desk's actions. */
export function PatientPanel({ patientId, onClose, onCheckIn, refreshKey }: { patientId: string; onClose(): void; onCheckIn(target: CheckInTarget): void; refreshKey: number }) {
  const { api, t, language, site, announce } = useDesk();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [appointments, setAppointments] = useState<Appointment[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [acting, setActing] = useState<{ kind: 'cancel' | 'reschedule'; id: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const [p, a] = await Promise.all([api.get<Patient>(`/patients/${encodeURIComponent(patientId)}`), api.get<List<Appointment> | Appointment[]>(`/appointments${query({ patientId })}`)]);
      setPatient(p);
      setAppointments(itemsOf(a).filter((x) => x.siteId === site.id));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [api, patientId, site.id]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  // Focus moves to the record once it shows (in the same commit, so a key pressed next is not overtaken).
  const titleRef = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);
  useLayoutEffect(() => {
    if (patient && !focused.current) {
      focused.current = true;
      titleRef.current?.focus();
    }
  }, [patient]);

  if (!patient) return <ErrorNotice error={error} t={t} />;
  const name = `${patient.firstName} ${patient.lastName}`;
  const target = (a: Appointment): ActionTarget => ({ appointmentId: a.id, patientId: a.patientId, patientName: name, providerId: a.providerId, appointmentTypeId: a.appointmentTypeId, start: a.start });

  async function checkOut(a: Appointment) {
    try {
      await api.post(`/appointments/${encodeURIComponent(a.id)}/check-out`);
      announce(t('appt.checkedOut', { name }));
      await load();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="patient-title" id="patient-panel" data-patient-id={patient.id}>
      <div className="row-between">
        <h2 id="patient-title" tabIndex={-1} ref={titleRef}>
          {t('patient.title', { name })}
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t('patient.close')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('patient.mrn')}</dt>
        <dd className="mono" id="patient-mrn">{patient.mrn}</dd>
        <dt>{t('patient.dateOfBirth')}</dt>
        <dd>{calendarDate(patient.dateOfBirth, language)}</dd>
        {patient.phone && (
          <>
            <dt>{t('patient.phone')}</dt>
            <dd className="mono">{patient.phone}</dd>
          </>
        )}
        {patient.email && (
          <>
            <dt>{t('patient.email')}</dt>
            <dd>{patient.email}</dd>
          </>
        )}
      </dl>
      <ErrorNotice error={error} t={t} />
      <BookFirstAvailable patientId={patient.id} onBooked={() => void load()} />
      <h3>{t('patient.appointments')}</h3>
      {appointments.length === 0 ? (
        <p className="hint">{t('patient.noAppointments')}</p>
      ) : (
        <ul className="appointments" id="patient-appointments">
          {appointments.map((a) => (
            <li key={a.id} data-appointment-id={a.id} data-status={a.status}>
              <div className="row-between">
                <span>
                  <strong>{dayAndTime(a.start, site.timeZone, language)}</strong> · {a.appointmentTypeName ?? a.appointmentTypeId} ·{' '}
                  <span className={`status status-${a.status}`}>{t(`appt.status.${a.status}`)}</span>
                </span>
                <span className="actions">
                  {OPEN.has(a.status) && (
                    <>
                      <button type="button" className="primary small check-in" onClick={() => onCheckIn({ appointmentId: a.id, patientId: a.patientId, patientName: name })}>
                        {t('appt.checkIn')}
                      </button>
                      <button type="button" className="secondary small reschedule" onClick={() => setActing({ kind: 'reschedule', id: a.id })}>
                        {t('appt.reschedule')}
                      </button>
                      <button type="button" className="secondary small cancel" onClick={() => setActing({ kind: 'cancel', id: a.id })}>
                        {t('appt.cancel')}
                      </button>
                    </>
                  )}
                  {a.status === 'checked-in' && (
                    <button type="button" className="primary small check-out" onClick={() => void checkOut(a)}>
                      {t('appt.checkOut')}
                    </button>
                  )}
                </span>
              </div>
              {acting?.id === a.id && acting.kind === 'cancel' && <CancelForm target={target(a)} onClose={() => setActing(null)} onDone={() => (setActing(null), void load())} />}
              {acting?.id === a.id && acting.kind === 'reschedule' && <RescheduleForm target={target(a)} onClose={() => setActing(null)} onDone={() => (setActing(null), void load())} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
