import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { Channel, ConsentDto, ConsentFormDto, ConsentRevokedV1, ConsentSignedV1, RevokeConsentRequest, SignConsentRequest } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, invalid, notFound, unprocessable } from '@clinic-flow/platform';
import { DocumentsService } from '../documents/documents.service';
import { PatientAccess } from '../patients/patient-access';
import { CONSENT_FORMS, currentForm, findForm } from './consents.catalogue';
import { ConsentsRepository } from './consents.repository';
import { consentId, consentIdsOf } from './consents.rules';
import { ConsentRecord, ConsentRevocation, ConsentSignature } from './consents.schema';

/** Where a signature was made: the request's address and browser. */
export interface SignatureOrigin {
  ip?: string;
  userAgent?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

const signatureDto = (s: ConsentSignature) => ({ ...s, signedAt: s.signedAt.toISOString() });
const revocationDto = (r: ConsentRevocation) => ({ ...r, revokedAt: r.revokedAt.toISOString() });

const toDto = (c: ConsentRecord): ConsentDto => ({
  id: c._id,
  patientId: c.patientId,
  kind: c.kind,
  channel: c.channel,
  status: c.status,
  signature: signatureDto(c.signature),
  revocation: c.revocation && revocationDto(c.revocation),
  history: c.history.map((h) => (h.action === 'signed' ? { ...signatureDto(h), action: 'signed' as const } : { ...revocationDto(h), action: 'revoked' as const })),
  currentVersionSigned: c.signature.formVersion === currentForm(c.kind, today()).version,
});

/**
 * Consents and acknowledgements: a signature records which form version, who signed (the patient
 * or a representative and their relationship), the typed name, when, from where, and the staff
 * member who witnessed it. A revocation records who, when and why. Each is one write of the
 * consent with its event; a revoked communication consent stops messages on its channel
 * (notification applies the event).
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly access: PatientAccess,
    private readonly documents: DocumentsService,
    private readonly events: EventFactory,
  ) {}

  forms(): ConsentFormDto[] {
    const now = today();
    return CONSENT_FORMS.map((f) => ({ ...f, current: currentForm(f.kind, now).version === f.version }));
  }

  async list(user: AuthUser, patientId: string): Promise<ConsentDto[]> {
    const opened = await this.access.open(SiteScope.of(user), patientId);
    const consents = await this.consents.findMany(opened.scope, opened.recordIds.flatMap(consentIdsOf));
    return consents.map(toDto);
  }

  sign(user: AuthUser, patientId: string, request: SignConsentRequest, origin: SignatureOrigin): Promise<ConsentDto> {
    return this.signAs(SiteScope.of(user), user.id, patientId, request, origin);
  }

  /**
   * The demo patients' signatures at registration (SEED_DEMO_DATA), through the same write and
   * event as at the desk; a patient who already has consents is left alone.
   */
  async seedDemo(patients: ReadonlyArray<{ id: string; firstName: string; lastName: string; preferredChannel: Channel }>): Promise<number> {
    const scope = SiteScope.service('demo-seed');
    let signed = 0;
    for (const patient of patients) {
      if ((await this.consents.findMany(scope, consentIdsOf(patient.id))).length) continue;
      const kinds: Array<Pick<SignConsentRequest, 'kind' | 'channel'>> = [
        { kind: 'privacy-notice' },
        { kind: 'consent-to-treat' },
        { kind: 'financial-responsibility' },
        { kind: 'communication', channel: patient.preferredChannel },
      ];
      for (const { kind, channel } of kinds) {
        const request = { kind, channel, formVersion: currentForm(kind, today()).version, signerType: 'patient' as const, typedName: `${patient.firstName} ${patient.lastName}` };
        await this.signAs(scope, 'demo-seed', patient.id, request, { userAgent: 'demo-seed' });
        signed += 1;
      }
    }
    return signed;
  }

  private async signAs(caller: SiteScope, witnessedBy: string, patientId: string, request: SignConsentRequest, origin: SignatureOrigin): Promise<ConsentDto> {
    const opened = await this.access.open(caller, patientId);
    const scope = opened.scope;
    if (request.kind !== 'communication' && request.channel) {
      throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', [{ field: 'channel', messages: ['channel is only for a communication consent'] }]);
    }
    if (!findForm(request.kind, request.formVersion)) throw unprocessable('CONSENT.UNKNOWN_FORM_VERSION', `There is no ${request.kind} form version ${request.formVersion}.`);
    const current = currentForm(request.kind, today());
    if (current.version !== request.formVersion) {
      throw conflict('CONSENT.FORM_VERSION_OUTDATED', `Version ${request.formVersion} of the ${request.kind} form is no longer current; have the patient sign version ${current.version}.`);
    }
    if (request.documentId) {
      const document = await this.documents.getIn(scope, opened.patient._id, request.documentId);
      if (document.kind !== 'signed-form') throw unprocessable('CONSENT.DOCUMENT_NOT_A_SIGNED_FORM', `Document ${request.documentId} is a ${document.kind}, not a signed form.`);
    }
    const signature: ConsentSignature = {
      formVersion: request.formVersion,
      signerType: request.signerType,
      representativeName: request.signerType === 'representative' ? request.representativeName : undefined,
      relationship: request.signerType === 'representative' ? request.relationship : undefined,
      typedName: request.typedName.trim(),
      signedAt: new Date(),
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 300),
      witnessedBy,
      documentId: request.documentId,
    };
    const clean = Object.fromEntries(Object.entries(signature).filter(([, v]) => v !== undefined)) as unknown as ConsentSignature;
    const id = consentId(opened.patient._id, request.kind, request.channel);
    const signed = await this.consents.upsert(scope, id, (existing) => {
      const event = this.events.outboxEntry(ConsentSignedV1, {
        subject: opened.patient._id,
        siteId: opened.siteId,
        data: {
          consentId: id,
          patientId: opened.patient._id,
          kind: request.kind,
          channel: request.channel,
          formVersion: clean.formVersion,
          signerType: clean.signerType,
          signedAt: clean.signedAt.toISOString(),
          witnessedBy,
          documentId: clean.documentId,
        },
      });
      const history = [...(existing?.history ?? []), { action: 'signed' as const, ...clean }];
      const next: ConsentRecord = {
        _id: id,
        version: existing?.version ?? 0,
        patientId: opened.patient._id,
        siteId: existing?.siteId ?? opened.siteId,
        kind: request.kind,
        channel: request.channel,
        status: 'active',
        signature: clean,
        revocation: undefined,
        history,
        createdAt: existing?.createdAt ?? clean.signedAt,
        updatedAt: clean.signedAt,
      };
      if (!existing) {
        const { version: _version, ...created } = next;
        return { set: created, events: [event], result: next };
      }
      return { set: { status: 'active', signature: clean, revocation: undefined, updatedAt: clean.signedAt }, push: { history: history[history.length - 1] }, events: [event], result: next };
    });
    if (!signed) throw new Error(`consent ${id} was not written`);
    return toDto(signed);
  }

  async revoke(user: AuthUser, patientId: string, id: string, request: RevokeConsentRequest): Promise<ConsentDto> {
    const opened = await this.access.open(SiteScope.of(user), patientId);
    const scope = opened.scope;
    const missing = () => notFound('CONSENT.NOT_FOUND', `Patient ${patientId} has no consent ${id}.`);
    if (!opened.recordIds.flatMap(consentIdsOf).includes(id)) throw missing();
    const revoked = await this.consents.update(scope, id, (current) => {
      if (current.status !== 'active') throw conflict('CONSENT.NOT_ACTIVE', `Consent ${id} is already revoked.`);
      const revocation: ConsentRevocation = { revokedAt: new Date(), revokedBy: user.id, reason: request.reason.trim() };
      const event = this.events.outboxEntry(ConsentRevokedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: {
          consentId: id,
          patientId: current.patientId,
          kind: current.kind,
          channel: current.channel,
          formVersion: current.signature.formVersion,
          revokedAt: revocation.revokedAt.toISOString(),
          revokedBy: user.id,
        },
      });
      const entry = { action: 'revoked' as const, ...revocation };
      const next = { ...current, status: 'revoked' as const, revocation, history: [...current.history, entry], updatedAt: revocation.revokedAt };
      return { set: { status: 'revoked', revocation, updatedAt: revocation.revokedAt }, push: { history: entry }, events: [event], result: next };
    });
    if (!revoked) throw missing();
    return toDto(revoked);
  }
}
