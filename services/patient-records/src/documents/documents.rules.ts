import { createHmac, timingSafeEqual } from 'node:crypto';
import { fromBuffer } from 'file-type';
import { Policies, Role } from '@clinic-flow/auth';
import { DOCUMENT_CONTENT_TYPES, DocumentContentType, DocumentKind } from '@clinic-flow/contracts';

/** Insurance cards and signed forms: the documents billing works from; every other kind may hold clinical content. */
export const ADMINISTRATIVE_DOCUMENT_KINDS: readonly DocumentKind[] = ['insurance-card-front', 'insurance-card-back', 'signed-form'];

/** Whether a caller of these roles sees a document of this kind (Policies.readClinicalDocuments). */
export function mayReadDocumentKind(roles: readonly string[], kind: DocumentKind): boolean {
  return ADMINISTRATIVE_DOCUMENT_KINDS.includes(kind) || roles.some((r) => (Policies.readClinicalDocuments as readonly Role[]).includes(r as Role));
}

/** How much of the start of a file the sniffer looks at (file-type's own minimum). */
export const SNIFF_BYTES = 4100;

/**
 * The type of a document as its content says (magic numbers), or undefined when it is none we
 * keep. What the uploader declared is never asked: a PNG sent as application/pdf is a PNG, and a
 * text file named .pdf is refused.
 */
export async function sniffContentType(head: Buffer): Promise<DocumentContentType | undefined> {
  const mime = (await fromBuffer(head))?.mime ?? '';
  return (DOCUMENT_CONTENT_TYPES as readonly string[]).includes(mime) ? (mime as DocumentContentType) : undefined;
}

const KIND_TITLES: Record<DocumentKind, string> = {
  'insurance-card-front': 'Insurance card (front)',
  'insurance-card-back': 'Insurance card (back)',
  'signed-form': 'Signed form',
  'outside-record': 'Outside record',
  letter: 'Letter',
  'referral-letter': 'Referral letter',
  other: 'Document',
};

export const defaultTitle = (kind: DocumentKind) => KIND_TITLES[kind];

/** A file name safe to store and to put in a Content-Disposition header: no path, no control or quote characters. */
export function cleanFilename(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !'"\\;'.includes(c))
    .join('')
    .trim()
    .slice(0, 200);
  return clean || fallback;
}

/** A download's Content-Disposition: the name as is when it is plain ASCII, else an ASCII stand-in and the UTF-8 name (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = [...filename].map((c) => (c.charCodeAt(0) < 0x7f ? c : '_')).join('');
  if (ascii === filename) return `attachment; filename="${filename}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

const EXTENSIONS: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/tiff': 'tif',
};

export const extensionOf = (type: DocumentContentType) => EXTENSIONS[type];

/*
 * Patient download links: the token names one document and when it stops working, with an HMAC
 * of both, so it cannot be made for another document or stretched. No login: the link is the
 * credential, so it is short-lived. Format: base64url("<documentId>|<expires epoch s>") + "." + mac.
 */
const MAC_LENGTH = 32;
const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, MAC_LENGTH);

export function signDocumentLink(documentId: string, expiresAt: Date, secret: string): string {
  const payload = Buffer.from(`${documentId}|${Math.floor(expiresAt.getTime() / 1000)}`).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export type DocumentLinkCheck = { ok: true; documentId: string; expiresAt: Date } | { ok: false; problem: 'invalid' | 'expired' };

/** Signature first (a forged token learns nothing, not even whether it expired), then expiry. */
export function verifyDocumentLink(token: string, secret: string, now: Date): DocumentLinkCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length) return { ok: false, problem: 'invalid' };
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'invalid' };
  const [documentId, expires, ...extra] = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  const expiresAt = new Date(Number(expires) * 1000);
  if (extra.length || !documentId || Number.isNaN(expiresAt.getTime())) return { ok: false, problem: 'invalid' };
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, documentId, expiresAt };
}
