import { createHmac } from 'node:crypto';
import { KeyProvider } from './keys';

/*
 * Blind indexes: exact-match look-up keys for sealed values. HMAC-SHA-256 under the index key (not
 * a data key) over the kind and the normalized value, so equal values give equal keys, a key says
 * nothing without the index key, and an email never matches a phone with the same text.
 */

/** What is indexed; each kind has its own normalization and its own key space. */
export type BlindIndexKind = 'email' | 'phone' | 'name' | 'dob' | 'text';

/** The form two values must share to match: emails and names by case, phones by digits. */
export function normalizeForIndex(kind: BlindIndexKind, value: string): string {
  const trimmed = value.trim();
  switch (kind) {
    case 'email':
      return trimmed.toLowerCase();
    case 'phone':
      return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
    case 'name':
      return trimmed.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ');
    default:
      return trimmed;
  }
}

/** Computes blind-index keys (`bi1:<kind>:<base64url HMAC>`). */
export class BlindIndex {
  private key?: Buffer;

  constructor(private readonly keys: KeyProvider) {}

  async of(kind: BlindIndexKind, value: string): Promise<string> {
    this.key ??= await this.keys.indexKey();
    const mac = createHmac('sha256', this.key).update(`${kind}\u0000${normalizeForIndex(kind, value)}`, 'utf8').digest('base64url');
    return `bi1:${kind}:${mac}`;
  }
}
