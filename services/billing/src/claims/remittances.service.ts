import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { ClaimAdjudicatedV1, ClaimCreatedV1, RemittanceData, RemittancePostedV1, RemittanceRefusedV1 } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, DomainError, errorMessageForLog, notFound, unprocessable } from '@clinic-flow/platform';
import { BalanceProblem, ClaimPayment, parse835, parseInterchanges, Remittance, remittanceProblems, secondaryClaimFrom } from '@clinic-flow/x12';
import type { BillingConfig } from '../config';
import { AccountsRepository } from '../ledger/accounts.repository';
import { LedgerService } from '../ledger/ledger.service';
import { ClaimsRepository } from './claims.repository';
import { methodOf, newClaimId, postingOf, statusAfter } from './claims.rules';
import type { ClaimRecord, RemittanceRecord } from './claims.schema';
import { ClaimsService } from './claims.service';

const SERVICE = SiteScope.service('remittance posting: an 835 pays claims of every site');

export type RemittanceSource = 'clearinghouse' | 'upload';

export const toRemittanceDto = (r: RemittanceRecord) => ({
  id: r._id, payerId: r.payerId, payerName: r.payerName, traceNumber: r.traceNumber, source: r.source, status: r.status, reason: r.reason, problems: r.problems,
  paymentCents: r.paymentCents, method: r.method, paymentDate: r.paymentDate, claims: r.claims, providerAdjustments: r.providerAdjustments,
  ...(r.interchangeControlNumber ? { interchangeControlNumber: r.interchangeControlNumber } : {}), receivedBy: r.receivedBy, receivedAt: new Date(r.receivedAt).toISOString(),
});
export type RemittanceView = ReturnType<typeof toRemittanceDto> & { duplicate?: boolean };

/** The key an 835 is posted once by: the payer (N1*PR id, else TRN03) and the check/EFT trace number (TRN02). */
export const remittanceKey = (r: Remittance) => `${(r.payer.id || r.payerTraceId || r.payer.name).replace(/\|/g, '')}|${r.traceNumber}`;

/**
 * Posts 835s: refused whole when they do not balance (recorded with the reason, nothing posted);
 * posted once per payer and trace number; per CLP the claim is matched by its patient control
 * number and its lines by REF*6R, and posted in ONE ledger posting per claim (payment, contractual
 * write-off, patient responsibility moved to the patient or kept for the secondary claim, denials
 * left billed and queued, reversals for CLP02 22). PLB adjustments stay on the remittance.
 */
@Injectable()
export class RemittancesService {
  private readonly logger = new Logger(RemittancesService.name);

  constructor(
    private readonly claims: ClaimsRepository,
    private readonly claimsService: ClaimsService,
    private readonly accounts: AccountsRepository,
    private readonly ledger: LedgerService,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: BillingConfig,
  ) {}

  /** Fetches the clearinghouse's reports after billing's cursor, applies them, keeps the cursor. */
  async poll(): Promise<{ status: string; reports: number; acknowledgments: number; remittances: RemittanceView[]; unreadable: number; cursor: number }> {
    const partner = this.config.X12_SENDER_ID;
    const cursor = await this.claims.cursor(partner);
    const fetched = await this.claimsService.adapter.fetchReports(cursor);
    if (fetched.status !== 'ok') {
      throw new DomainError('unavailable', 'CLEARINGHOUSE.UNAVAILABLE', `The clearinghouse did not give its reports (${fetched.status}); the poll job tries again (nothing was changed).`);
    }
    let acknowledgments = 0;
    let unreadable = 0;
    const remittances: RemittanceView[] = [];
    for (const item of fetched.items) {
      if (item.kind === '277CA') {
        for (const report of item.acknowledgments) acknowledgments += await this.claimsService.acknowledge(report);
      } else if (item.kind === '835') {
        for (const { remittance, problems } of item.remittances) remittances.push(await this.post(remittance, problems, 'clearinghouse', 'service:clearinghouse', item.interchangeControlNumber));
      } else {
        unreadable++;
        this.logger.error(`clearinghouse report ${item.id} does not read (${item.code}): ${item.detail}`);
      }
      await this.claims.saveCursor(partner, item.id);
    }
    await this.claims.saveCursor(partner, fetched.cursor);
    return { status: 'ok', reports: fetched.items.length, acknowledgments, remittances, unreadable, cursor: fetched.cursor };
  }

  /** POST /remittances: an 835 file uploaded by hand, the same posting path; a file that does not read or balance is 400 (recorded as refused when it reads). */
  async upload(user: AuthUser, text: string): Promise<RemittanceView[]> {
    let parsed: Array<{ remittance: Remittance; interchangeControlNumber: string }>;
    try {
      parsed = parseInterchanges(text).flatMap((i) => i.groups.flatMap((g) => g.transactions.filter((t) => t.setId === '835').map((t) => ({ remittance: parse835(t, i.separators), interchangeControlNumber: i.controlNumber }))));
    } catch (error) {
      throw unprocessable('REMITTANCE.UNREADABLE', `The file is not a readable X12 835: ${(error as Error).message}. Nothing was posted.`, [{ field: 'x12', messages: [(error as Error).message] }]);
    }
    if (!parsed.length) throw unprocessable('REMITTANCE.UNREADABLE', 'The file holds no 835 transaction. Nothing was posted.', [{ field: 'x12', messages: ['no ST*835'] }]);
    const checked = parsed.map((p) => ({ ...p, problems: remittanceProblems(p.remittance) }));
    const bad = checked.filter((c) => c.problems.length);
    if (bad.length) {
      for (const b of bad) await this.post(b.remittance, b.problems, 'upload', user.id, b.interchangeControlNumber);
      const messages = bad.flatMap((b) => b.problems.map((p) => p.message));
      throw unprocessable('REMITTANCE.UNBALANCED', `The 835 does not balance: ${messages.join('; ')}. The whole file was refused; nothing was posted.`, [{ field: 'x12', messages }]);
    }
    const out: RemittanceView[] = [];
    for (const c of checked) out.push(await this.post(c.remittance, c.problems, 'upload', user.id, c.interchangeControlNumber));
    return out;
  }

  async get(id: string): Promise<RemittanceView> {
    const found = await this.claims.remittance(id);
    if (!found) throw notFound('REMITTANCE.NOT_FOUND', `There is no remittance ${id}.`);
    return toRemittanceDto(found);
  }

  /** Posts one remittance (or records it refused); the same payer and trace number again posts nothing. */
  async post(remittance: Remittance, problems: BalanceProblem[], source: RemittanceSource, by: string, interchangeControlNumber?: string): Promise<RemittanceView> {
    const id = remittanceKey(remittance);
    const existing = await this.claims.remittance(id);
    if (existing) return { ...toRemittanceDto(existing), duplicate: true };
    const base = {
      _id: id, payerId: remittance.payer.id || remittance.payerTraceId, payerName: remittance.payer.name, traceNumber: remittance.traceNumber, source,
      paymentCents: remittance.paymentCents, method: remittance.method, paymentDate: remittance.paymentDate,
      providerAdjustments: remittance.providerAdjustments.map((p) => ({ reason: p.reason, ...(p.reference ? { reference: p.reference } : {}), amountCents: p.amountCents })),
      ...(interchangeControlNumber ? { interchangeControlNumber } : {}), receivedBy: by, receivedAt: new Date(),
    };
    if (problems.length) {
      const reason = `does not balance: ${problems.map((p) => p.message).join('; ')}`;
      const record: Omit<RemittanceRecord, 'version'> = {
        ...base, status: 'refused', reason, problems: problems.map((p) => ({ level: p.level, ...(p.claimId ? { claimId: p.claimId } : {}), ...(p.lineId ? { lineId: p.lineId } : {}), message: p.message, differenceCents: p.differenceCents })),
        claims: remittance.claims.map((c) => ({ claimId: c.claimId, clpStatus: c.status, paidCents: c.paidCents, matched: false, note: 'not posted: the file was refused' })),
      };
      const { doc } = await this.claims.recordRemittance(record, [this.event(RemittanceRefusedV1, record)]);
      this.logger.warn(`remittance ${id} refused: ${reason}`);
      return toRemittanceDto(doc);
    }
    const claims: RemittanceRecord['claims'] = [];
    for (const clp of remittance.claims) {
      const claim = await this.claims.findById(SERVICE, clp.claimId);
      if (!claim) {
        claims.push({ claimId: clp.claimId, clpStatus: clp.status, paidCents: clp.paidCents, matched: false, note: 'no claim of ours has this patient control number' });
        continue;
      }
      try {
        const note = await this.postClaim(claim, clp, remittance, id);
        claims.push({ claimId: clp.claimId, clpStatus: clp.status, paidCents: clp.paidCents, matched: true, ...(note ? { note } : {}) });
      } catch (error) {
        this.logger.error(`claim ${clp.claimId} of remittance ${id} not posted: ${errorMessageForLog(error)}`);
        claims.push({ claimId: clp.claimId, clpStatus: clp.status, paidCents: clp.paidCents, matched: true, note: `not posted: ${(error as Error).message}` });
      }
    }
    const record: Omit<RemittanceRecord, 'version'> = { ...base, status: 'posted', reason: '', problems: [], claims };
    const { doc } = await this.claims.recordRemittance(record, [this.event(RemittancePostedV1, record)]);
    return toRemittanceDto(doc);
  }

  /** One claim's payment: one ledger posting, the claim's adjudication and denials, the secondary claim when the patient has one. */
  private async postClaim(target: ClaimRecord, clp: ClaimPayment, remittance: Remittance, remittanceId: string): Promise<string | undefined> {
    let claim = target;
    const now = new Date();
    if (clp.status === '22') {
      // A void or replacement's reversal comes under its own claim id: it reverses the original's payments (kept on the original).
      const original = claim.originalClaimId ? await this.claims.findById(SERVICE, claim.originalClaimId) : null;
      if (original) claim = original;
      if (claim.adjudications.some((a) => a.remittanceId === remittanceId && a.clpStatus === '22')) return 'posted before';
    } else if (claim.adjudications.some((a) => a.remittanceId === remittanceId && a.clpStatus !== '22')) return 'posted before';
    const key = clp.status === '22' && claim._id !== clp.claimId ? `rem:${remittanceId}:${claim._id}:22` : `rem:${remittanceId}:${claim._id}`;
    if (clp.status === '22') {
      const account = await this.accounts.findById(SERVICE, claim.accountId);
      const reversed = new Set((account?.entries ?? []).map((e) => e.reversesEntryId).filter(Boolean));
      // A claim we voided or replaced loses its charges with its payments, in the same posting (never the charges first: insurance's part would go below zero).
      const corrected = !!claim.correctedByClaimId;
      const targets = (account?.entries ?? []).filter((e) => e.claimId === claim._id && e.type !== 'reversal' && !reversed.has(e.id) && (e.type === 'charge' ? corrected : e.source === 'service:remittance'));
      // Payments and write-offs back first, then the charges: each entry is checked against what insurance has pending.
      targets.sort((a, b) => Number(a.type === 'charge') - Number(b.type === 'charge'));
      const result = targets.length ? await this.ledger.post(claim.accountId, targets.map((e) => ({
        type: 'reversal' as const, amountCents: e.amountCents, reversesEntryId: e.id, bucket: e.bucket, claimId: claim._id, ...(e.siteId ? { siteId: e.siteId } : {}),
      })), key, { source: 'service:remittance', scope: SERVICE, overpayment: 'credit' }) : undefined;
      await this.claims.update(SERVICE, claim._id, (cur) => {
        if (cur.adjudications.some((a) => a.remittanceId === remittanceId && a.clpStatus === '22')) return null;
        const next = { ...cur, status: 'reversed' as const };
        return {
          set: { status: 'reversed', updatedAt: now },
          push: { adjudications: { remittanceId, clpStatus: clp.status, paidCents: clp.paidCents, patientResponsibilityCents: 0, contractualCents: 0, deniedCents: 0, ...(result ? { postingId: result.postingId } : {}), postedAt: now } },
          events: [this.claimsService.event(ClaimAdjudicatedV1, next, 'service:remittance', { paidCents: clp.paidCents, paymentDate: remittance.paymentDate })],
        };
      });
      return targets.length ? undefined : 'reversal with nothing posted to reverse';
    }
    const posting = postingOf(claim, clp, { method: methodOf(remittance.method), keepForSecondary: claim.order === 'primary' && !!claim.secondary, billedCents: claim.billedCents ?? claim.totalChargeCents });
    const result = posting.entries.length ? await this.ledger.post(claim.accountId, posting.entries, key, { source: 'service:remittance', scope: SERVICE, overpayment: 'credit' }) : undefined;
    const status = statusAfter(posting, clp.status);
    const denials = posting.denials.map((d) => ({ ...d, id: `den-${randomUUID()}`, remittanceId, deniedAt: now, open: true }));
    const out = await this.claims.update(SERVICE, claim._id, (cur) => {
      if (cur.adjudications.some((a) => a.remittanceId === remittanceId)) return null;
      const lines = cur.lines.map((l) => (posting.paidByLine[l.lineId] !== undefined ? { ...l, paidCents: posting.paidByLine[l.lineId] } : l));
      const allDenials = [...cur.denials, ...denials];
      const next = { ...cur, status, payerClaimControlNumber: clp.payerClaimControlNumber || cur.payerClaimControlNumber };
      return {
        set: { status, lines, denials: allDenials, openDenials: allDenials.filter((d) => d.open).length, updatedAt: now, ...(clp.payerClaimControlNumber ? { payerClaimControlNumber: clp.payerClaimControlNumber } : {}) },
        push: { adjudications: {
          remittanceId, clpStatus: clp.status, paidCents: posting.paidCents, patientResponsibilityCents: posting.patientResponsibilityCents, contractualCents: posting.contractualCents,
          deniedCents: posting.deniedCents, ...(result ? { postingId: result.postingId } : {}), postedAt: now,
        } },
        events: [this.claimsService.event(ClaimAdjudicatedV1, next, 'service:remittance', {
          paidCents: posting.paidCents, patientResponsibilityCents: posting.patientResponsibilityCents, deniedCents: posting.deniedCents, paymentDate: remittance.paymentDate, ...adjudicationCodes(clp),
        })],
      };
    });
    const note = posting.unmatchedLines.length ? `835 lines matching no line of the claim: ${posting.unmatchedLines.join(', ')}` : undefined;
    if (out?.written && claim.order === 'primary' && claim.secondary && posting.patientResponsibilityCents > 0 && !claim.secondaryClaimId) {
      await this.createSecondary(out.doc, clp, remittance, posting.patientResponsibilityCents).catch((error) => {
        this.logger.error(`secondary claim of ${claim._id} not made (the patient's part stays billed to insurance until it is): ${errorMessageForLog(error)}`);
      });
    }
    return note;
  }

  /** The secondary claim from the primary's 835 (libs/x12 secondaryClaimFrom), billed what the primary left to the patient, and sent. */
  private async createSecondary(primary: ClaimRecord, clp: ClaimPayment, remittance: Remittance, billedCents: number): Promise<void> {
    const target = primary.secondary;
    if (!target) return;
    const claimId = newClaimId();
    const claim = secondaryClaimFrom(primary.claim, clp, {
      claimId, subscriber: { ...target.subscriber, payerResponsibility: 'S' }, payer: { name: target.payerName, id: target.ediPayerId }, primaryAdjudicatedDate: remittance.paymentDate,
    });
    const now = new Date();
    const record: Omit<ClaimRecord, 'version'> = {
      _id: claimId, patientId: primary.patientId, siteId: primary.siteId, encounterId: primary.encounterId, accountId: primary.accountId, coverageId: target.coverageId,
      payerId: target.payerId, payerName: target.payerName, order: 'secondary', frequency: '1', primaryClaimId: primary._id, status: 'ready-to-submit',
      dateOfService: primary.dateOfService, totalChargeCents: claim.totalChargeCents, billedCents, claim,
      lines: claim.lines.map((l) => ({ lineId: l.lineId, procedureCode: l.procedureCode, modifiers: l.modifiers ?? [], units: l.units, chargeCents: l.chargeCents, serviceDate: l.serviceDate })),
      scrub: primary.scrub, submitAttempts: 0, adjudications: [], denials: [], openDenials: 0, createdBy: 'service:remittance', createdAt: now, updatedAt: now,
    };
    await this.claims.insertOnce(SERVICE, record, [this.claimsService.event(ClaimCreatedV1, record, 'service:remittance')]);
    await this.claims.update(SERVICE, primary._id, () => ({ set: { secondaryClaimId: claimId, updatedAt: now } }));
    await this.claimsService.submit([claimId], 'service:remittance');
  }

  private event(def: typeof RemittancePostedV1 | typeof RemittanceRefusedV1, r: Omit<RemittanceRecord, 'version'>) {
    const data: RemittanceData = { remittanceId: r._id, payerId: r.payerId, traceNumber: r.traceNumber, paymentCents: r.paymentCents, claimCount: r.claims.length, source: r.source, status: r.status, reason: r.reason };
    return this.events.outboxEntry(def, { subject: r._id, siteId: null, data });
  }
}

/** The CARCs (with their group) and RARCs of a claim's 835 payment, claim and lines, each once, for its event (codes only: never amounts per line or procedure codes). */
export function adjudicationCodes(clp: ClaimPayment): { adjustmentReasons?: string[]; remarkCodes?: string[] } {
  const adjustments = [...clp.adjustments, ...clp.lines.flatMap((l) => l.adjustments)];
  const adjustmentReasons = [...new Set(adjustments.map((a) => `${a.group}-${a.reason}`))].sort();
  const remarkCodes = [...new Set(clp.lines.flatMap((l) => l.remarkCodes ?? []))].sort();
  return { ...(adjustmentReasons.length ? { adjustmentReasons } : {}), ...(remarkCodes.length ? { remarkCodes } : {}) };
}
