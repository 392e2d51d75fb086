import { DOCUMENT_KINDS } from '@clinic-flow/contracts';
import { cleanFilename, contentDisposition, mayReadDocumentKind, signDocumentLink, sniffContentType, verifyDocumentLink } from './documents.rules';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('document content types (sniffed)', () => {
  it('reads the type from the content', async () => {
    expect(await sniffContentType(Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'))).toBe('application/pdf');
    expect(await sniffContentType(PNG)).toBe('image/png');
    expect(await sniffContentType(Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(100)]))).toBe('image/jpeg');
    expect(await sniffContentType(Buffer.concat([Buffer.from('49492a00', 'hex'), Buffer.from('08000000', 'hex'), Buffer.alloc(100)]))).toBe('image/tiff');
    // An ISO-BMFF 'ftyp' box with brand heic: how phones store photos of insurance cards.
    expect(await sniffContentType(Buffer.concat([Buffer.from('00000018667479706865696300000000', 'hex'), Buffer.from('6d696631686569636d696166', 'hex'), Buffer.alloc(64)]))).toBe('image/heic');
  });

  it('keeps no other type, whatever the name or declared type says', async () => {
    expect(await sniffContentType(Buffer.from('just text, named letter.pdf'))).toBeUndefined();
    expect(await sniffContentType(Buffer.from('474946383961', 'hex'))).toBeUndefined(); // GIF
    expect(await sniffContentType(Buffer.from('504b0304', 'hex'))).toBeUndefined(); // ZIP (docx...)
    expect(await sniffContentType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps the base name without paths, quotes or control characters', () => {
    expect(cleanFilename('C:\\scans\\card "front".jpg', 'x')).toBe('card front.jpg');
    expect(cleanFilename('../../etc/passwd\r\n', 'x')).toBe('passwd');
    expect(cleanFilename(undefined, 'document.pdf')).toBe('document.pdf');
  });

  it('names a download in plain ASCII, with the UTF-8 name beside it when there is more to it', () => {
    expect(contentDisposition('card.pdf')).toBe('attachment; filename="card.pdf"');
    expect(contentDisposition('tarjeta García 保险.jpg')).toBe(`attachment; filename="tarjeta Garc_a __.jpg"; filename*=UTF-8''tarjeta%20Garc%C3%ADa%20%E4%BF%9D%E9%99%A9.jpg`);
  });
});

describe('patient download links', () => {
  const secret = 's'.repeat(40);
  const now = new Date('2026-12-01T10:00:00Z');

  it('names one document until it expires', () => {
    const token = signDocumentLink('doc-1', new Date(now.getTime() + 60_000), secret);
    expect(verifyDocumentLink(token, secret, now)).toEqual({ ok: true, documentId: 'doc-1', expiresAt: new Date(now.getTime() + 60_000) });
    expect(verifyDocumentLink(token, secret, new Date(now.getTime() + 60_000))).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses a token changed or signed with another key', () => {
    const token = signDocumentLink('doc-1', new Date(now.getTime() + 60_000), secret);
    const [, mac] = token.split('.');
    const other = Buffer.from(`doc-2|${Math.floor(now.getTime() / 1000) + 60}`).toString('base64url');
    expect(verifyDocumentLink(`${other}.${mac}`, secret, now)).toEqual({ ok: false, problem: 'invalid' });
    expect(verifyDocumentLink(token, 't'.repeat(40), now)).toEqual({ ok: false, problem: 'invalid' });
    expect(verifyDocumentLink('garbage', secret, now)).toEqual({ ok: false, problem: 'invalid' });
  });
});

describe('who sees which kind of document', () => {
  it('billing coders see insurance cards and signed forms only; the desk, managers and clinical roles see every kind', () => {
    expect(DOCUMENT_KINDS.filter((k) => mayReadDocumentKind(['billing-coder'], k))).toEqual(['insurance-card-front', 'insurance-card-back', 'signed-form']);
    for (const role of ['receptionist', 'office-manager', 'medical-assistant', 'physician']) expect(DOCUMENT_KINDS.filter((k) => mayReadDocumentKind([role], k))).toEqual([...DOCUMENT_KINDS]);
    expect(mayReadDocumentKind(['billing-coder', 'receptionist'], 'outside-record')).toBe(true);
  });
});
