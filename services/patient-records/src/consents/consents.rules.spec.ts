import { CONSENT_FORMS, ConsentForm, currentForm, findForm } from './consents.catalogue';
import { consentId, consentIdsOf, originAddress } from './consents.rules';

describe('consent form catalogue', () => {
  const forms: ConsentForm[] = [
    { kind: 'privacy-notice', version: 'a', title: '', text: '', effectiveFrom: '2025-01-01' },
    { kind: 'privacy-notice', version: 'b', title: '', text: '', effectiveFrom: '2026-02-16' },
  ];

  it('makes the newest version already in effect the current one', () => {
    expect(currentForm('privacy-notice', '2026-02-15', forms).version).toBe('a');
    expect(currentForm('privacy-notice', '2026-02-16', forms).version).toBe('b');
    expect(() => currentForm('privacy-notice', '2024-12-31', forms)).toThrow();
    expect(findForm('privacy-notice', 'a', forms)).toBeDefined();
    expect(findForm('consent-to-treat', 'a', forms)).toBeUndefined();
  });

  it('has one form in effect today for every kind, each version once', () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const kind of ['privacy-notice', 'consent-to-treat', 'communication', 'financial-responsibility'] as const) expect(currentForm(kind, today).kind).toBe(kind);
    const keys = CONSENT_FORMS.map((f) => `${f.kind}@${f.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('consent ids and signature origin', () => {
  it('keeps one consent per kind, and per channel for communication', () => {
    expect(consentId('p1', 'consent-to-treat')).toBe('p1:consent-to-treat');
    expect(consentId('p1', 'communication', 'sms')).toBe('p1:communication:sms');
    expect(consentIdsOf('p1').sort()).toEqual(['p1:communication:email', 'p1:communication:sms', 'p1:consent-to-treat', 'p1:financial-responsibility', 'p1:privacy-notice']);
  });

  it("takes the first forwarded address (the gateway's view of the caller), else the socket's", () => {
    expect(originAddress('203.0.113.7, 10.0.0.2', '10.0.0.1')).toBe('203.0.113.7');
    expect(originAddress(undefined, '::1')).toBe('::1');
    expect(originAddress('', undefined)).toBeUndefined();
  });
});
