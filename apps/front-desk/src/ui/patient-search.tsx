import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { query } from '../api/client';
import type { List, SearchHit } from '../api/types';
import { calendarDate } from '../time';
import { useDesk } from './context';
import { ErrorNotice } from './error-notice';

export const SEARCH_INPUT_ID = 'patient-search';

/**
 * The desk's search box: asks the API as the person types (typos, accents, swapped names, a date
 * of birth, phone digits or an MRN), only the latest answer counts. Arrow keys move through the
 * results, Enter opens one.
 */
export function PatientSearch({ onOpen, onRegister }: { onOpen(patientId: string): void; onRegister(q: string): void }) {
  const { api, t, language, site } = useDesk();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setHits(null);
      return;
    }
    const ticket = ++latest.current;
    // A short pause so a fast typist sends one request per pause, not one per key.
    const timer = setTimeout(async () => {
      try {
        const answer = await api.get<List<SearchHit>>(`/patients${query({ q: text, siteId: site.id, limit: 20 })}`);
        if (ticket === latest.current) {
          setHits(answer.items);
          setError(null);
        }
      } catch (caught) {
        if (ticket === latest.current) setError(caught);
      }
    }, 120);
    return () => clearTimeout(timer);
  }, [q, api, site.id]);

  const buttons = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button.hit') ?? []);
  function moveFromInput(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      buttons()[0]?.focus();
    } else if (event.key === 'Enter' && hits && hits.length > 0) {
      event.preventDefault();
      onOpen(hits[0].id);
    }
  }
  function moveInList(event: KeyboardEvent<HTMLUListElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowUp' && at <= 0) document.getElementById(SEARCH_INPUT_ID)?.focus();
    else all[Math.min(all.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1))]?.focus();
  }

  return (
    <section className="card" aria-labelledby="search-title">
      <h2 id="search-title">{t('search.title')}</h2>
      <label htmlFor={SEARCH_INPUT_ID}>{t('search.label')}</label>
      <input id={SEARCH_INPUT_ID} type="search" autoComplete="off" value={q} onChange={(e) => setQ(e.target.value)} onKeyDown={moveFromInput} aria-describedby="search-hint" aria-controls={hits && hits.length > 0 ? 'search-results' : undefined} />
      <p id="search-hint" className="hint">
        {t('search.hint')}
      </p>
      <ErrorNotice error={error} t={t} />
      <div aria-live="polite" className="hint" id="search-count">
        {hits && (hits.length ? t('search.count', { n: hits.length }) : t('search.none', { q: q.trim() }))}
      </div>
      {hits && hits.length > 0 && (
        <ul className="hits" id="search-results" aria-label={t('search.results')} ref={listRef} onKeyDown={moveInList}>
          {hits.map((hit) => (
            <li key={hit.id}>
              <button type="button" className="hit" data-patient-id={hit.id} onClick={() => onOpen(hit.id)}>
                <span className="hit-name">
                  {hit.lastName}, {hit.firstName}
                  {hit.middleName ? ` ${hit.middleName}` : ''}
                </span>
                <span>{t('search.born', { date: calendarDate(hit.dateOfBirth, language) })}</span>
                <span className="mono">{hit.mrn}</span>
                {hit.phone && <span className="mono">{hit.phone}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="secondary" onClick={() => onRegister(q.trim())} id="open-register">
        {t('search.register')}
      </button>
    </section>
  );
}
