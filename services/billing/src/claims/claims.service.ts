import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { ClaimAcknowledgedV1, ClaimCreatedV1, ClaimData, ClaimSubmittedV1, CoverageDto, EventDefinition } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, conflict, DomainError, errorMessageForLog, invalid, notFound } from '@clinic-flow/platform';
import { ClaimAcknowledgmentReport, claimProblems, describeClaimStatus, HttpClearinghouseAdapter } from '@clinic-flow/x12';
import { AccountsService } from '../accounts/accounts.service';
import { BillingProvidersService } from '../billing-providers/billing-providers.service';
import type { BillingConfig } from '../config';
import { EncountersRepository } from '../encounters/encounters.repository';
import { AccountsRepository } from '../ledger/accounts.repository';
import { LedgerService } from '../ledger/ledger.service';
import { ScrubberService } from '../scrubber/scrubber.service';
import { ClaimJobsPlanner } from './claims.queue';
import { ClaimsRepository } from './claims.repository';
import { correctionRefusal, earlierClaimKeys, newClaimId, professionalClaimOf, scrubClaimOf, subscriberOf } from './claims.rules';
import type { ClaimRecord } from './claims.schema';
import type { EncounterRecord } from '../encounters/encounters.schema';
import { ControlNumbersRepository } from '@clinic-flow/x12/store';
import { InsuranceClient } from './insurance-client';

const SERVICE = SiteScope.service('claim flow: the caller was checked on the route, or a job acts on its own records');
export const CLAIM_ID = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
const activeOn = (c: CoverageDto, date: string) => c.effectiveDate <= date && (!c.terminationDate || date <= c.terminationDate);
const today = () => new Date().toISOString().slice(0, 10);

export const toClaimDto = (c: ClaimRecord) => ({
  id: c._id, patientId: c.patientId, siteId: c.siteId, encounterId: c.encounterId, accountId: c.accountId, coverageId: c.coverageId, payerId: c.payerId, payerName: c.payerName,
  order: c.order, frequency: c.frequency, status: c.status, dateOfService: c.dateOfService, totalChargeCents: c.totalChargeCents,
  ...(c.primaryClaimId ? { primaryClaimId: c.primaryClaimId } : {}), ...(c.secondaryClaimId ? { secondaryClaimId: c.secondaryClaimId } : {}),
  ...(c.originalClaimId ? { originalClaimId: c.originalClaimId } : {}), ...(c.correctedByClaimId ? { correctedByClaimId: c.correctedByClaimId } : {}),
  lines: c.lines.map((l) => ({ ...l })),
  scrub: { ...c.scrub, checkedAt: new Date(c.scrub.checkedAt).toISOString() },
  ...(c.interchangeControlNumber ? { interchangeControlNumber: c.interchangeControlNumber } : {}),
  ...(c.transactionControlNumber ? { transactionControlNumber: c.transactionControlNumber } : {}),
  submitAttempts: c.submitAttempts,
  ...(c.lastSubmitError ? { lastSubmitError: c.lastSubmitError } : {}),
  ...(c.payerClaimControlNumber ? { payerClaimControlNumber: c.payerClaimControlNumber } : {}),
  ...(c.rejection ? { rejection: { source: c.rejection.source, reasons: c.rejection.reasons, at: new Date(c.rejection.at).toISOString() } } : {}),
  adjudications: c.adjudications.map((a) => ({ ...a, postedAt: new Date(a.postedAt).toISOString() })),
  denials: c.denials.map((d) => ({ ...d, deniedAt: new Date(d.deniedAt).toISOString() })),
  createdBy: c.createdBy, createdAt: new Date(c.createdAt).toISOString(), version: c.version,
});
export type ClaimView = ReturnType<typeof toClaimDto>;

export const claimData = (c: Omit<ClaimRecord, 'version'>, by: string, extra: Partial<ClaimData> = {}): ClaimData => ({
  claimId: c._id, patientId: c.patientId, siteId: c.siteId, encounterId: c.encounterId, payerId: c.payerId, order: c.order, frequency: c.frequency, status: c.status,
  totalChargeCents: c.totalChargeCents, ...(c.primaryClaimId ? { primaryClaimId: c.primaryClaimId } : {}), ...(c.originalClaimId ? { originalClaimId: c.originalClaimId } : {}),
  ...(c.interchangeControlNumber ? { interchangeControlNumber: c.interchangeControlNumber } : {}),
  ...(c.transactionControlNumber ? { transactionControlNumber: c.transactionControlNumber } : {}),
  ...(c.payerClaimControlNumber ? { payerClaimControlNumber: c.payerClaimControlNumber } : {}),
  ...(c.submittedAt ? { submittedAt: new Date(c.submittedAt).toISOString() } : {}),
  changedBy: by, ...extra,
});

/**
 * Claims from ready encounters: read the encounter, the patient's coverages, the payer and an
 * approved authorization (insurance, as the caller), scrub, build the 837P, write the claim with
 * claim.created, post its charges to the guarantor's ledger (insurance bucket, one posting per line
 * keyed claim id + line id) and submit it. Submission takes a persistent interchange control number;
 * the 999 marks each claim submitted or rejected; an unreachable clearinghouse leaves it
 * ready-to-submit and plans a retry.
 */
@Injectable()
export class ClaimsService {
  private readonly logger = new Logger(ClaimsService.name);
  readonly adapter: HttpClearinghouseAdapter;

  constructor(
    private readonly claims: ClaimsRepository,
    private readonly encounters: EncountersRepository,
    private readonly insurance: InsuranceClient,
    private readonly providers: BillingProvidersService,
    private readonly scrubber: ScrubberService,
    private readonly accounts: AccountsService,
    private readonly accountsRepository: AccountsRepository,
    private readonly ledger: LedgerService,
    private readonly events: EventFactory,
    private readonly planner: ClaimJobsPlanner,
    controlNumbers: ControlNumbersRepository,
    @Inject(APP_CONFIG) private readonly config: BillingConfig,
  ) {
    this.adapter = controlNumbers.clearinghouse(config);
  }

  async get(user: AuthUser, id: string): Promise<ClaimView> {
    const found = await this.claims.findById(SiteScope.of(user), id);
    if (!found) throw notFound('CLAIM.NOT_FOUND', `There is no claim ${id}.`);
    return toClaimDto(found);
  }

  async forPatient(user: AuthUser, patientId: string): Promise<ClaimView[]> {
    return (await this.claims.forPatient(SiteScope.of(user), patientId)).sort((a, b) => +new Date(a.createdAt) - +new Date(b.createdAt)).map(toClaimDto);
  }

  async create(user: AuthUser, request: { encounterId: string; claimId?: string }): Promise<ClaimView> {
    const scope = SiteScope.of(user);
    const encounter = await this.encounters.findById(scope, request.encounterId);
    if (!encounter) throw notFound('ENCOUNTER.NOT_FOUND', `There is no encounter ${request.encounterId}.`);
    if (encounter.status !== 'ready') throw conflict('CLAIM.ENCOUNTER_NOT_READY', `Encounter ${encounter._id} is ${encounter.status}: code it and sign it off (POST /encounters/${encounter._id}/ready) before claiming it.`);
    if (request.claimId !== undefined && !CLAIM_ID.test(request.claimId)) {
      throw invalid('CLAIM.INVALID_ID', 'A claim id is 2 to 20 upper-case letters, digits or dashes (CLM01).', [{ field: 'claimId', messages: ['2-20 of A-Z, 0-9, -'] }]);
    }
    const earlier = await this.claims.forPatient(scope, encounter.patientId);
    const open = earlier.find((c) => c.encounterId === encounter._id && c.order === 'primary' && c.status !== 'rejected');
    if (open) {
      if (open._id === request.claimId) return this.resume(user, open);
      throw new DomainError('conflict', 'CLAIM.ALREADY_CLAIMED', `Encounter ${encounter._id} is claimed already (claim ${open._id}, ${open.status}).`, { claimId: open._id });
    }
    const claimId = request.claimId ?? newClaimId();
    const { claim, lines, primary, payer, secondaryCoverage, secondaryPayer, scrub } = await this.prepare(user, encounter, claimId, earlier);
    const account = await this.accounts.forPatient(user, encounter.patientId);
    const now = new Date();
    const record: Omit<ClaimRecord, 'version'> = {
      _id: claimId, patientId: encounter.patientId, siteId: encounter.siteId, encounterId: encounter._id, accountId: account._id, coverageId: primary.id,
      payerId: payer.id, payerName: payer.name, order: 'primary', frequency: '1', status: 'ready-to-submit', dateOfService: encounter.dateOfService,
      totalChargeCents: claim.totalChargeCents, claim, lines,
      ...(secondaryCoverage && secondaryPayer ? {
        secondary: { coverageId: secondaryCoverage.id, payerId: secondaryPayer.id, payerName: secondaryPayer.name, ediPayerId: secondaryPayer.ediPayerId, subscriber: subscriberOf(secondaryCoverage, secondaryPayer, encounter, 'S') },
      } : {}),
      scrub: { ruleSetVersion: scrub.ruleSetVersion, status: scrub.status, findingCount: scrub.findings.length, checkedAt: new Date(scrub.checkedAt) },
      submitAttempts: 0, adjudications: [], denials: [], openDenials: 0, createdBy: user.id, createdAt: now, updatedAt: now,
    };
    const { doc } = await this.claims.insertOnce(scope, record, [this.event(ClaimCreatedV1, record, user.id)]);
    return this.resume(user, doc);
  }

  /** Coverage, payer, authorization and providers read, the 837P built, scrubbed and checked: throws before anything is written. */
  private async prepare(user: AuthUser, encounter: EncounterRecord, claimId: string, earlier: ClaimRecord[], correction?: { frequency: '7'; payerClaimControlNumber: string; originalClaimId: string }) {
    const scope = SiteScope.of(user);
    const coverages = (await this.insurance.coverages(encounter.patientId)).filter((c) => activeOn(c, encounter.dateOfService));
    const primary = coverages.find((c) => c.order === 'primary');
    if (!primary) throw conflict('CLAIM.NO_COVERAGE', `Patient ${encounter.patientId} has no primary coverage in force on ${encounter.dateOfService}: add it (POST /patients/${encounter.patientId}/coverages) or bill the patient.`);
    const secondaryCoverage = coverages.find((c) => c.order === 'secondary');
    const [payer, secondaryPayer, authorizations, billingProvider, renderingProvider] = await Promise.all([
      this.insurance.payer(primary.payerId),
      secondaryCoverage ? this.insurance.payer(secondaryCoverage.payerId) : Promise.resolve(undefined),
      this.insurance.authorizations(encounter.patientId).catch((error) => {
        this.logger.warn(`authorizations of ${encounter.patientId} not read: ${errorMessageForLog(error)}`);
        return [];
      }),
      this.providers.billingProviderOf(encounter.siteId),
      this.providers.renderingProviderOf(encounter.providerId),
    ]);
    const codes = new Set(encounter.lines.map((l) => l.code));
    const authorization = authorizations.find((a) => a.status === 'approved' && a.authorizationNumber && a.payerId === primary.payerId
      && (!a.validFrom || a.validFrom <= encounter.dateOfService) && (!a.validTo || encounter.dateOfService <= a.validTo)
      && (a.serviceCodes.length === 0 || a.serviceCodes.some((c) => codes.has(c))));
    const inputs = {
      claimId, encounter, coverage: primary, payer, authorizationNumber: authorization?.authorizationNumber, billingProvider, renderingProvider,
      earlierClaims: earlierClaimKeys(earlier), submissionDate: today(),
    };
    const built = professionalClaimOf(inputs);
    const claim = correction ? { ...built.claim, frequency: correction.frequency, payerClaimControlNumber: correction.payerClaimControlNumber } : built.claim;
    const lines = built.lines;
    const scrub = await this.scrubber.scrub({ ...scrubClaimOf(inputs, claim), ...(correction ? { frequency: correction.frequency, originalClaimId: correction.originalClaimId } : {}) }, scope);
    if (scrub.status === 'blocked') {
      const blocking = scrub.findings.filter((f) => f.severity === 'error' && !f.override);
      throw new DomainError('unprocessable', 'CLAIM.SCRUBBER_BLOCKED', `The scrubber blocked claim ${claimId}: ${blocking.map((f) => `${f.ruleId}: ${f.message} (${f.fix})`).join('; ')}. Fix the encounter, coverage or payer and try again, or override a finding (POST /scrubber/overrides with this claimId) and send the same claimId again. Nothing was written.`, {
        claimId, findings: scrub.findings, errors: blocking.map((f) => ({ field: f.path, messages: [`${f.ruleId}: ${f.message}`, f.fix] })),
      });
    }
    const problems = claimProblems(claim);
    if (problems.length) {
      throw new DomainError('unprocessable', 'CLAIM.INVALID', `Claim ${claimId} cannot be written as an 837P: ${problems.join('; ')}. Nothing was written.`, { claimId, errors: problems.map((p) => ({ field: 'claim', messages: [p] })) });
    }
    return { claim, lines, primary, payer, secondaryCoverage, secondaryPayer, scrub };
  }

  /**
   * POST /claims/{id}/void (frequency 8) and /replace (7): a correction of a claim the payer accepted,
   * carrying its payer claim control number (REF*F8), sent now. A replacement posts its own charges
   * (from the encounter's current lines). The original's charges are reversed now when it was never
   * priced, otherwise together with its payments and write-offs when the payer's reversal (CLP02 22,
   * under the correction's claim id) posts.
   */
  async correct(user: AuthUser, id: string, frequency: '7' | '8'): Promise<ClaimView> {
    const scope = SiteScope.of(user);
    const original = await this.claims.findById(scope, id);
    if (!original) throw notFound('CLAIM.NOT_FOUND', `There is no claim ${id}.`);
    const refusal = correctionRefusal(original, frequency);
    if (refusal) throw conflict(refusal.code, refusal.message);
    const pcc = original.payerClaimControlNumber as string;
    const claimId = newClaimId();
    let claim: ClaimRecord['claim'];
    let lines: ClaimRecord['lines'];
    if (frequency === '8') {
      claim = { ...original.claim, claimId, frequency: '8', payerClaimControlNumber: pcc };
      lines = original.lines.map((l) => ({ lineId: l.lineId, procedureCode: l.procedureCode, modifiers: l.modifiers, units: l.units, chargeCents: l.chargeCents, serviceDate: l.serviceDate }));
    } else {
      const encounter = await this.encounters.findById(scope, original.encounterId);
      if (!encounter) throw notFound('ENCOUNTER.NOT_FOUND', `There is no encounter ${original.encounterId}.`);
      if (encounter.status !== 'ready') throw conflict('CLAIM.ENCOUNTER_NOT_READY', `Encounter ${encounter._id} was re-opened and is ${encounter.status}: finish its coding and sign it off (POST /encounters/${encounter._id}/ready) before replacing claim ${id}.`);
      const earlier = (await this.claims.forPatient(scope, original.patientId)).filter((c) => c.encounterId !== original.encounterId);
      ({ claim, lines } = await this.prepare(user, encounter, claimId, earlier, { frequency: '7', payerClaimControlNumber: pcc, originalClaimId: original._id }));
    }
    const problems = claimProblems(claim);
    if (problems.length) throw new DomainError('unprocessable', 'CLAIM.INVALID', `The ${frequency === '8' ? 'void' : 'replacement'} of claim ${id} cannot be written as an 837P: ${problems.join('; ')}. Nothing was written.`, { claimId, errors: problems.map((p) => ({ field: 'claim', messages: [p] })) });
    const now = new Date();
    const record: Omit<ClaimRecord, 'version'> = {
      _id: claimId, patientId: original.patientId, siteId: original.siteId, encounterId: original.encounterId, accountId: original.accountId, coverageId: original.coverageId,
      payerId: original.payerId, payerName: original.payerName, order: 'primary', frequency, originalClaimId: original._id, status: 'ready-to-submit', dateOfService: original.dateOfService,
      totalChargeCents: claim.totalChargeCents, claim, lines, ...(original.secondary && frequency === '7' ? { secondary: original.secondary } : {}),
      scrub: { ...original.scrub, checkedAt: now },
      submitAttempts: 0, adjudications: [], denials: [], openDenials: 0, createdBy: user.id, createdAt: now, updatedAt: now,
    };
    // The original is marked first (once): a second void or replace of it is refused from here on.
    const marked = await this.claims.update(scope, original._id, (cur) => (correctionRefusal(cur, frequency) ? null : { set: { correctedByClaimId: claimId, updatedAt: now } }));
    if (!marked?.written) throw conflict('CLAIM.ALREADY_CORRECTED', `Claim ${id} was voided or replaced already: correct that claim instead.`);
    const { doc } = await this.claims.insertOnce(scope, record, [this.event(ClaimCreatedV1, record, user.id)]);
    // Never priced: its charges go now. Priced: they go with its payments when the payer's reversal posts (835 CLP02 22).
    if (!original.adjudications.length) await this.reverseCharges(marked.doc, `correct:${original._id}`);
    if (frequency === '7') await this.postCharges(doc, user.id);
    await this.submit([claimId], user.id);
    return toClaimDto((await this.claims.findById(SERVICE, claimId)) ?? doc);
  }

  /** Charges (idempotent per line) then submission: a create sent again with the same claimId finishes what a crash left. */
  private async resume(user: AuthUser, claim: ClaimRecord): Promise<ClaimView> {
    await this.postCharges(claim, user.id);
    if (claim.status === 'ready-to-submit') await this.submit([claim._id], user.id);
    return toClaimDto((await this.claims.findById(SERVICE, claim._id)) ?? claim);
  }

  private async postCharges(claim: ClaimRecord, by: string): Promise<void> {
    if (claim.order !== 'primary') return;
    for (const line of claim.lines) {
      await this.ledger.post(claim.accountId, [{
        type: 'charge', bucket: 'insurance', amountCents: line.chargeCents, claimId: claim._id, encounterId: claim.encounterId, siteId: claim.siteId, dateOfService: claim.dateOfService,
      }], `${claim._id}:${line.lineId}`, { source: by, scope: SERVICE });
    }
  }

  /** POST /claims/{id}/submit: a claim left ready-to-submit (the clearinghouse was down) sent now. */
  async submitNow(user: AuthUser, id: string): Promise<ClaimView> {
    const claim = await this.claims.findById(SiteScope.of(user), id);
    if (!claim) throw notFound('CLAIM.NOT_FOUND', `There is no claim ${id}.`);
    if (claim.status !== 'ready-to-submit') throw conflict('CLAIM.NOT_READY_TO_SUBMIT', `Claim ${id} is ${claim.status}: only a claim ready to submit is sent.`);
    await this.submit([id], user.id);
    return toClaimDto((await this.claims.findById(SERVICE, id)) ?? claim);
  }

  /**
   * Sends the claims still ready-to-submit in one 837P interchange. Returns the status per claim.
   * Never throws for clearinghouse trouble: the claims stay ready-to-submit and a retry is planned.
   */
  async submit(ids: string[], by: string): Promise<Record<string, string>> {
    const claims = (await Promise.all(ids.map((id) => this.claims.findById(SERVICE, id)))).filter((c): c is ClaimRecord => !!c && c.status === 'ready-to-submit');
    if (!claims.length) return {};
    const interchange = await this.adapter.claimInterchange(claims.map((c) => c.claim), {
      submitter: { name: this.config.X12_SUBMITTER_NAME, id: this.config.X12_SENDER_ID, contactName: 'BILLING OFFICE', phone: this.config.X12_SUBMITTER_PHONE },
      receiver: { name: 'CLEARINGHOUSE', id: this.config.X12_RECEIVER_ID },
    });
    const outcome = await this.adapter.submitClaims(interchange.text);
    const result: Record<string, string> = {};
    if (outcome.status !== 'acknowledged') {
      const reason = outcome.status === 'clearinghouse-unavailable' ? `clearinghouse unavailable (${outcome.reason}: ${outcome.detail})` : `clearinghouse answer unreadable (${outcome.code}: ${outcome.detail})`;
      for (const c of claims) {
        const updated = await this.claims.update(SERVICE, c._id, (cur) => (cur.status === 'ready-to-submit' ? { set: { lastSubmitError: reason, updatedAt: new Date() }, inc: { submitAttempts: 1 } } : null));
        const attempts = updated?.doc.submitAttempts ?? c.submitAttempts + 1;
        const planned = await this.planner.planRetry(c._id, attempts).catch(() => false);
        this.logger.warn(`claim ${c._id} not sent (${reason}); ${planned ? `retry ${attempts} planned` : 'no retry left: send it with POST /claims/{id}/submit'}`);
        result[c._id] = 'ready-to-submit';
      }
      return result;
    }
    const txOf = new Map(interchange.transactions.map((t) => [t.claimId, t.controlNumber]));
    for (const c of claims) {
      const ack = outcome.claims.find((a) => a.claimId === c._id);
      const accepted = ack?.accepted ?? false;
      const reasons = accepted ? [] : [`999 rejected the transaction (IK501 ${ack?.status ?? 'missing'})`, ...outcome.acks.flatMap((a) => a.transactions.filter((t) => t.controlNumber === ack?.transactionControlNumber).flatMap((t) => t.errorCodes.map((code) => `IK5 error ${code}`)))];
      const now = new Date();
      const outcomeDoc = await this.claims.update(SERVICE, c._id, (cur) => {
        if (cur.status !== 'ready-to-submit') return null;
        const next = {
          ...cur, status: accepted ? ('submitted' as const) : ('rejected' as const), interchangeControlNumber: interchange.interchangeControlNumber,
          transactionControlNumber: txOf.get(c._id), submittedAt: now, updatedAt: now,
        };
        return {
          set: {
            status: next.status, interchangeControlNumber: next.interchangeControlNumber, transactionControlNumber: next.transactionControlNumber, submittedAt: now, updatedAt: now,
            lastSubmitError: undefined, ...(accepted ? {} : { rejection: { source: '999' as const, reasons, at: now } }),
          },
          inc: { submitAttempts: 1 },
          events: [this.event(ClaimSubmittedV1, next, by, accepted ? {} : { reason: reasons.join('; ') })],
        };
      });
      if (!accepted && outcomeDoc?.written) await this.reverseCharges(outcomeDoc.doc);
      result[c._id] = accepted ? 'submitted' : 'rejected';
    }
    return result;
  }

  /** The job's retry: the claim sent again if it is still ready-to-submit. */
  async retry(claimId: string): Promise<void> {
    await this.submit([claimId], 'service:claim-submit-retry');
  }

  /** A 277CA: each claim accepted into adjudication (the payer's claim control number kept) or rejected (statuses explained). */
  async acknowledge(report: ClaimAcknowledgmentReport): Promise<number> {
    let applied = 0;
    for (const ack of report.claims) {
      const now = new Date();
      const reasons = ack.accepted ? [] : [...ack.statuses.map(describeClaimStatus), ...(ack.message ? [ack.message] : [])];
      const out = await this.claims.update(SERVICE, ack.claimId, (cur) => {
        if (cur.status !== 'submitted') return null;
        const status = ack.accepted ? ('accepted' as const) : ('rejected' as const);
        const next = { ...cur, status, ...(ack.payerClaimControlNumber ? { payerClaimControlNumber: ack.payerClaimControlNumber } : {}) };
        return {
          set: { status, updatedAt: now, ...(ack.payerClaimControlNumber ? { payerClaimControlNumber: ack.payerClaimControlNumber } : {}), ...(ack.accepted ? {} : { rejection: { source: '277CA' as const, reasons, at: now } }) },
          events: [this.event(ClaimAcknowledgedV1, next, 'service:clearinghouse', ack.accepted ? {} : { reason: reasons.join('; ') })],
        };
      }).catch((error) => {
        this.logger.warn(`277CA for unknown claim ${ack.claimId}: ${errorMessageForLog(error)}`);
        return null;
      });
      if (out?.written) {
        applied++;
        if (!ack.accepted) await this.reverseCharges(out.doc);
      }
    }
    return applied;
  }

  /**
   * A rejected claim never reached adjudication: its charges are reversed (one posting, keyed by the
   * claim), so the corrected claim made from the same encounter posts its own and nothing counts twice.
   */
  private async reverseCharges(claim: ClaimRecord, key = `reject:${claim._id}`): Promise<void> {
    if (claim.order !== 'primary') return;
    const account = await this.accountsRepository.findById(SERVICE, claim.accountId);
    if (!account) return;
    const reversed = new Set(account.entries.map((e) => e.reversesEntryId).filter(Boolean));
    const charges = account.entries.filter((e) => e.claimId === claim._id && e.type === 'charge' && !reversed.has(e.id));
    if (!charges.length) return;
    await this.ledger.post(claim.accountId, charges.map((e) => ({
      type: 'reversal' as const, amountCents: e.amountCents, reversesEntryId: e.id, bucket: e.bucket, claimId: claim._id, ...(e.siteId ? { siteId: e.siteId } : {}),
    })), key, { source: 'service:claim-rejected', scope: SERVICE });
  }

  event(def: EventDefinition<ClaimData>, c: Omit<ClaimRecord, 'version'>, by: string, extra: Partial<ClaimData> = {}) {
    return this.events.outboxEntry(def, { subject: c.patientId, siteId: c.siteId, data: claimData(c, by, extra) });
  }
}
