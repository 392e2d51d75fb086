import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/problem';
import type { DuplicateCandidate, Patient } from '../api/types';
import { calendarDate } from '../time';
import { useDesk } from './context';
import { ErrorNotice } from './error-notice';
import { draftFromSearch } from './register-draft';

interface Draft {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  preferredChannel: 'sms' | 'email';
  language: 'en' | 'es';
}

const EMPTY: Draft = { firstName: '', lastName: '', dateOfBirth: '', phone: '', email: '', preferredChannel: 'sms', language: 'en' };

/**
 * Registration with the duplicate warning: likely duplicates are asked for while the person types
 * (and the API checks again on submit, answering 409 with them). The desk opens the existing record
 * or registers anyway with a reason. What was typed stays when a request fails.
 */
export function RegisterPatient({ initial, onOpen, onCancel }: { initial: string; onOpen(patientId: string): void; onCancel(): void }) {
  const { api, t, language, site, announce } = useDesk();
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, ...draftFromSearch(initial) }));
  const [candidates, setCandidates] = useState<DuplicateCandidate[]>([]);
  const [reason, setReason] = useState('');
  const [reasonNeeded, setReasonNeeded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);

  useEffect(() => firstRef.current?.focus(), []);

  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));

  // Likely duplicates while typing, once there is a name and a full date of birth.
  useEffect(() => {
    if (!draft.firstName.trim() || !draft.lastName.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(draft.dateOfBirth)) return;
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const body = { firstName: draft.firstName.trim(), lastName: draft.lastName.trim(), dateOfBirth: draft.dateOfBirth, siteId: site.id, ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}), ...(draft.email.trim() ? { email: draft.email.trim() } : {}) };
        const answer = await api.post<{ candidates: DuplicateCandidate[] }>('/patients/duplicate-check', body);
        if (current) setCandidates(answer.candidates);
      } catch {
        // A phone still being typed is not a phone yet: the check on submit decides.
      }
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [draft.firstName, draft.lastName, draft.dateOfBirth, draft.phone, draft.email, api, site.id]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (candidates.length > 0 && reason.trim().length < 3) {
      setReasonNeeded(true);
      document.getElementById('duplicate-reason')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = {
        firstName: draft.firstName.trim(),
        lastName: draft.lastName.trim(),
        dateOfBirth: draft.dateOfBirth,
        preferredChannel: draft.preferredChannel,
        language: draft.language,
        siteId: site.id,
        ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
        ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
        ...(candidates.length > 0 ? { duplicateOverride: { reason: reason.trim() } } : {}),
      };
      const patient = await api.post<Patient>('/patients', body);
      announce(t('register.done', { name: `${patient.firstName} ${patient.lastName}`, mrn: patient.mrn }));
      onOpen(patient.id);
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem.code === 'PATIENT.POSSIBLE_DUPLICATE' && Array.isArray(caught.problem.candidates)) {
        setCandidates(caught.problem.candidates as DuplicateCandidate[]);
        setTimeout(() => document.getElementById('duplicates-title')?.focus(), 0);
      } else {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="register-title">
      <h2 id="register-title">{t('register.title')}</h2>
      <form onSubmit={submit} id="register-form" noValidate={false}>
        <div className="grid-2">
          <div>
            <label htmlFor="reg-first">{t('register.firstName')}</label>
            <input id="reg-first" ref={firstRef} required maxLength={100} autoComplete="off" value={draft.firstName} onChange={set('firstName')} />
          </div>
          <div>
            <label htmlFor="reg-last">{t('register.lastName')}</label>
            <input id="reg-last" required maxLength={100} autoComplete="off" value={draft.lastName} onChange={set('lastName')} />
          </div>
          <div>
            <label htmlFor="reg-dob">{t('register.dateOfBirth')}</label>
            <input id="reg-dob" type="date" required value={draft.dateOfBirth} onChange={set('dateOfBirth')} />
          </div>
          <div>
            <label htmlFor="reg-phone">{t('register.phone')}</label>
            <input id="reg-phone" type="tel" autoComplete="off" value={draft.phone} onChange={set('phone')} required={draft.preferredChannel === 'sms'} />
          </div>
          <div>
            <label htmlFor="reg-email">{t('register.email')}</label>
            <input id="reg-email" type="email" autoComplete="off" value={draft.email} onChange={set('email')} required={draft.preferredChannel === 'email'} />
          </div>
          <div>
            <label htmlFor="reg-channel">{t('register.channel')}</label>
            <select id="reg-channel" value={draft.preferredChannel} onChange={set('preferredChannel')}>
              <option value="sms">{t('register.channel.sms')}</option>
              <option value="email">{t('register.channel.email')}</option>
            </select>
          </div>
          <div>
            <label htmlFor="reg-language">{t('register.language')}</label>
            <select id="reg-language" value={draft.language} onChange={set('language')}>
              <option value="en">{t('register.language.en')}</option>
              <option value="es">{t('register.language.es')}</option>
            </select>
          </div>
        </div>

        {candidates.length > 0 && (
          <div className="notice notice-warning" id="duplicates">
            <h3 id="duplicates-title" tabIndex={-1}>
              {t('register.duplicates.title')}
            </h3>
            <p>{t('register.duplicates.intro')}</p>
            <ul className="candidates">
              {candidates.map((c) => (
                <li key={c.id} data-candidate-id={c.id}>
                  <strong>
                    {c.lastName}, {c.firstName}
                  </strong>{' '}
                  · {calendarDate(c.dateOfBirth, language)} · <span className="mono">{c.mrn}</span> · {t('register.duplicates.score', { score: Math.round(c.score * 100) })}
                  <br />
                  <span className="hint">{c.summary}</span>{' '}
                  <button type="button" className="secondary small open-candidate" onClick={() => onOpen(c.id)}>
                    {t('register.duplicates.open')}
                  </button>
                </li>
              ))}
            </ul>
            <label htmlFor="duplicate-reason">{t('register.duplicates.reason')}</label>
            <input id="duplicate-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} aria-invalid={reasonNeeded && reason.trim().length < 3} aria-describedby={reasonNeeded ? 'duplicate-reason-needed' : undefined} />
            {reasonNeeded && reason.trim().length < 3 && (
              <p id="duplicate-reason-needed" className="field-error">
                {t('register.duplicates.reasonNeeded')}
              </p>
            )}
          </div>
        )}

        <div className="actions">
          <button type="submit" className="primary" disabled={busy} id="register-submit">
            {busy ? t('app.saving') : candidates.length > 0 ? t('register.duplicates.proceed') : t('register.submit')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} t={t} />
    </section>
  );
}
