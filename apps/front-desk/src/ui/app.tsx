import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient } from '../api/client';
import { itemsOf, type List, type SignedIn, type Site, type User } from '../api/types';
import { LANGUAGES, preferredLanguage, translator, type Language } from '../i18n/i18n';
import { BOOK_TYPE_ID } from './booking';
import { CheckInDialog, type CheckInTarget } from './check-in';
import { allowed, DeskContext, type Desk } from './context';
import { DayView } from './day-view';
import { ErrorNotice } from './error-notice';
import { shortcutOf } from './keys';
import { PatientPanel } from './patient-panel';
import { PatientSearch, SEARCH_INPUT_ID } from './patient-search';
import { RegisterPatient } from './register';
import { SignIn } from './sign-in';

const LANGUAGE_KEY = 'clinic-flow.front-desk.language';

type View = { name: 'patients'; patientId?: string; registering?: string } | { name: 'day' };

export function App() {
  const api = useMemo(() => new ApiClient(), []);
  const [language, setLanguage] = useState<Language>(() => preferredLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.languages ?? [navigator.language]));
  const t = useMemo(() => translator(language), [language]);
  const [user, setUser] = useState<User | null>(null);
  const [sites, setSites] = useState<Site[] | null>(null);
  const [site, setSite] = useState<Site | null>(null);
  const [view, setView] = useState<View>({ name: 'patients' });
  const [checkIn, setCheckIn] = useState<CheckInTarget | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('app.title');
    localStorage.setItem(LANGUAGE_KEY, language);
  }, [language, t]);

  const signOut = useCallback(async () => {
    await api.signOut();
    setUser(null);
    setSites(null);
    setSite(null);
    setView({ name: 'patients' });
    setCheckIn(null);
  }, [api]);

  useEffect(() => {
    api.onSignedOut = () => void signOut();
  }, [api, signOut]);

  async function signedIn(answer: SignedIn) {
    api.setTokens({ accessToken: answer.accessToken, refreshToken: answer.refreshToken });
    setError(null);
    try {
      const mine = itemsOf(await api.get<List<Site> | Site[]>('/sites')).filter((s) => answer.user.siteIds.includes(s.id));
      setUser(answer.user);
      setSites(mine);
      if (mine.length === 1) setSite(mine[0]);
    } catch (caught) {
      setError(caught);
      api.setTokens(null);
    }
  }

  const desk: Desk | null = useMemo(
    () => (user && site ? { api, t, language, user, site, can: (policy) => allowed(user.roles, policy), announce: setMessage } : null),
    [api, t, language, user, site],
  );

  // Keyboard first: / search, Alt+B book, Alt+I check in, Alt+D day view.
  useEffect(() => {
    if (!desk) return;
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutOf(event, document.activeElement);
      if (!shortcut || checkIn) return;
      event.preventDefault();
      if (shortcut === 'search') {
        const input = document.getElementById(SEARCH_INPUT_ID);
        if (input) input.focus();
        else {
          setView({ name: 'patients' });
          setTimeout(() => document.getElementById(SEARCH_INPUT_ID)?.focus(), 0);
        }
      } else if (shortcut === 'day') {
        setView({ name: 'day' });
      } else if (shortcut === 'book') {
        document.getElementById(BOOK_TYPE_ID)?.focus();
      } else if (shortcut === 'check-in') {
        const button = document.querySelector<HTMLButtonElement>('#patient-appointments button.check-in, #day-view button.check-in');
        if (button) button.click();
        else setView({ name: 'day' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [desk, checkIn]);

  const openPatient = (patientId: string) => setView({ name: 'patients', patientId });

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <p className="brand">{t('app.title')}</p>
        {desk && (
          <nav aria-label={t('app.nav')}>
            <button type="button" className={view.name === 'patients' ? 'tab current' : 'tab'} aria-current={view.name === 'patients' ? 'page' : undefined} onClick={() => setView({ name: 'patients' })} id="nav-patients">
              {t('app.nav.patients')}
            </button>
            <button type="button" className={view.name === 'day' ? 'tab current' : 'tab'} aria-current={view.name === 'day' ? 'page' : undefined} onClick={() => setView({ name: 'day' })} id="nav-day">
              {t('app.nav.day')}
            </button>
          </nav>
        )}
        <div className="top-right">
          {user && sites && sites.length > 1 && site && (
            <>
              <label htmlFor="site-switch">{t('app.site')}</label>
              <select id="site-switch" value={site.id} onChange={(e) => setSite(sites.find((s) => s.id === e.target.value) ?? site)}>
                {sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </>
          )}
          {user && sites?.length === 1 && site && <span>{site.name}</span>}
          <label htmlFor="language">{t('app.language')}</label>
          <select id="language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {l === 'en' ? 'English' : 'Español'}
              </option>
            ))}
          </select>
          {user && (
            <>
              <span id="who">{t('app.signedInAs', { name: user.name })}</span>
              <button type="button" className="secondary" onClick={() => void signOut()} id="sign-out">
                {t('app.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <p className="visually-hidden" aria-live="polite" id="announcer">
        {message}
      </p>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {!user && <SignIn api={api} t={t} onSignedIn={(answer) => void signedIn(answer)} />}
        <ErrorNotice error={error} t={t} />
        {user && sites && !site && (
          <section className="card narrow" aria-labelledby="sites-title" id="site-picker">
            <h1 id="sites-title">{t('sites.title')}</h1>
            <p>{t('sites.intro')}</p>
            <ul className="plain">
              {sites.map((s, i) => (
                <li key={s.id}>
                  <button type="button" className="primary wide" data-site-id={s.id} onClick={() => setSite(s)} autoFocus={i === 0}>
                    {t('sites.choose', { site: s.name })}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {desk && (
          <DeskContext.Provider value={desk}>
            <h1 className="visually-hidden">{view.name === 'day' ? t('app.nav.day') : t('app.nav.patients')}</h1>
            <p className="hint shortcuts">{t('app.shortcuts')}</p>
            {view.name === 'patients' && (
              <div className="columns">
                <div className="column-narrow">
                  <PatientSearch onOpen={openPatient} onRegister={(q) => setView({ name: 'patients', registering: q })} />
                </div>
                <div className="column-wide">
                  {view.registering !== undefined && <RegisterPatient key={view.registering} initial={view.registering} onOpen={openPatient} onCancel={() => setView({ name: 'patients' })} />}
                  {view.patientId && <PatientPanel key={view.patientId} patientId={view.patientId} refreshKey={refreshKey} onClose={() => setView({ name: 'patients' })} onCheckIn={setCheckIn} />}
                </div>
              </div>
            )}
            {view.name === 'day' && <DayView refreshKey={refreshKey} onCheckIn={setCheckIn} onOpenPatient={openPatient} />}
            {checkIn && (
              <CheckInDialog
                target={checkIn}
                onClose={() => setCheckIn(null)}
                onDone={() => {
                  setCheckIn(null);
                  setRefreshKey((k) => k + 1);
                }}
              />
            )}
          </DeskContext.Provider>
        )}
      </main>
    </>
  );
}
