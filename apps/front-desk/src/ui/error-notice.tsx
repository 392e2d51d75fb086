import { describeProblem, problemOf } from '../api/problem';
import type { Translate } from '../i18n/i18n';

/** A failed request in words: title, what to do, the server's detail, the fields to fix. */
export function ErrorNotice({ error, t, id }: { error: unknown; t: Translate; id?: string }) {
  if (!error) return null;
  const shown = describeProblem(problemOf(error), t);
  return (
    <div className="notice notice-error" role="alert" id={id}>
      <p className="notice-title">{shown.title}</p>
      <p>{shown.action}</p>
      {shown.detail && <p className="notice-detail">{shown.detail}</p>}
      {shown.fields.length > 0 && (
        <>
          <p className="notice-detail">{t('error.fields')}</p>
          <ul>
            {shown.fields.map((f) => (
              <li key={f.field}>
                <code>{f.field}</code>: {f.messages.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {shown.reference && <p className="notice-reference">{t('error.reference', { id: shown.reference })}</p>}
    </div>
  );
}
