import { Channel, CHANNELS, CONSENT_KINDS, ConsentKind } from '@clinic-flow/contracts';

/** The id of a patient's consent of a kind (and channel): one document per subject. */
export function consentId(patientId: string, kind: ConsentKind, channel?: Channel): string {
  return kind === 'communication' ? `${patientId}:${kind}:${channel}` : `${patientId}:${kind}`;
}

/** Every consent id a patient record can have (the list reads these, by _id). */
export function consentIdsOf(patientId: string): string[] {
  return CONSENT_KINDS.flatMap((kind) => (kind === 'communication' ? CHANNELS.map((c) => consentId(patientId, kind, c)) : [consentId(patientId, kind)]));
}

/** The address a request came from: the first X-Forwarded-For hop (the gateway adds it), else the socket's. */
export function originAddress(forwardedFor: string | string[] | undefined, socketAddress: string | undefined): string | undefined {
  const first = (Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor)?.split(',')[0]?.trim();
  return first || socketAddress || undefined;
}
