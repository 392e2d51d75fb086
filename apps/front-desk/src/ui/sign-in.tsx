import { useRef, useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/client';
import type { SecondFactorChallenge, SignedIn } from '../api/types';
import type { Translate } from '../i18n/i18n';
import { ErrorNotice } from './error-notice';

/** Email and password, then the authenticator code for accounts with a second factor. */
export function SignIn({ api, t, onSignedIn }: { api: ApiClient; t: Translate; onSignedIn(answer: SignedIn): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = challenge
        ? await api.post<SignedIn>('/auth/login/second-factor', { challengeToken: challenge.challengeToken, code: code.trim() })
        : await api.post<SignedIn | SecondFactorChallenge>('/auth/login', { email: email.trim(), password });
      if ('challengeToken' in answer) {
        setChallenge(answer);
        setTimeout(() => codeRef.current?.focus(), 0);
        return;
      }
      setPassword('');
      onSignedIn(answer);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <form onSubmit={submit} id="sign-in-form">
        <label htmlFor="email">{t('signIn.email')}</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} disabled={!!challenge} autoFocus />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} disabled={!!challenge} />
        {challenge && (
          <>
            <p>{challenge.enrolled ? t('signIn.codeHint') : t('signIn.mustEnrol')}</p>
            <label htmlFor="code">{t('signIn.code')}</label>
            <input id="code" ref={codeRef} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required value={code} onChange={(e) => setCode(e.target.value)} />
          </>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signIn.working') : t('signIn.submit')}
        </button>
      </form>
      <ErrorNotice error={error} t={t} id="sign-in-error" />
    </section>
  );
}
