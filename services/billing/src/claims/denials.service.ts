import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { ClaimDenialWorkedV1, CloseDenialRequest } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, DomainError, notFound } from '@clinic-flow/platform';
import { LedgerService } from '../ledger/ledger.service';
import { ClaimsRepository } from './claims.repository';
import { denialClosing } from './claims.rules';
import type { ClaimRecord, DenialRecord } from './claims.schema';

const SERVICE = SiteScope.service('denials: the caller was checked on the route');

const toItem = (c: ClaimRecord, d: DenialRecord) => ({
  id: d.id, claimId: c._id, patientId: c.patientId, siteId: c.siteId, payerId: c.payerId, payerName: c.payerName, order: c.order, dateOfService: c.dateOfService,
  lineId: d.lineId, procedureCode: d.procedureCode, chargeCents: d.chargeCents, group: d.group, reason: d.reason, reasonText: d.reasonText, amountCents: d.amountCents,
  remarks: d.remarks, remittanceId: d.remittanceId, deniedAt: new Date(d.deniedAt).toISOString(),
  ...(d.open ? {} : {
    outcome: d.outcome, note: d.note, workedBy: d.workedBy, ...(d.workedAt ? { workedAt: new Date(d.workedAt).toISOString() } : {}), ...(d.postingId ? { postingId: d.postingId } : {}),
  }),
  open: d.open,
});

/** The denials work queue: a site's denied lines still open, with their reason and remark codes explained; and how each is worked off it. */
@Injectable()
export class DenialsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly ledger: LedgerService,
    private readonly events: EventFactory,
  ) {}

  async list(user: AuthUser, siteId: string) {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const claims = await this.claims.withOpenDenials(scope, siteId);
    const items = claims.flatMap((c) => c.denials.filter((d) => d.open).map((d) => toItem(c, d))).sort((a, b) => a.deniedAt.localeCompare(b.deniedAt));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  /**
   * POST /claims/{claimId}/denials/{denialId}/close: appealed, written off or corrected, with a note.
   * A write-off is posted first (once: keyed by the denial), then the denial is closed with
   * claim.denial-worked in one write on the claim. Should another person have closed it another way
   * meanwhile, the write-off this call posted is reversed, so the ledger says what the claim says.
   */
  async close(user: AuthUser, claimId: string, denialId: string, request: CloseDenialRequest) {
    const scope = SiteScope.of(user);
    const claim = await this.claims.findById(scope, claimId);
    if (!claim) throw notFound('CLAIM.NOT_FOUND', `There is no claim ${claimId}.`);
    const decided = denialClosing(claim, denialId, request.outcome);
    if (decided.refusal) throw new DomainError(decided.refusal.kind, decided.refusal.code, decided.refusal.message);
    const key = `denial:${denialId}`;
    const posted = decided.entries.length ? await this.ledger.post(claim.accountId, decided.entries, key, { source: user.id, scope: SERVICE }) : undefined;
    const now = new Date();
    const note = request.note.trim();
    const out = await this.claims.update(scope, claimId, (cur) => {
      const denial = cur.denials.find((d) => d.id === denialId);
      if (!denial?.open) return null;
      const closed: DenialRecord = { ...denial, open: false, outcome: request.outcome, note, workedBy: user.id, workedAt: now, ...(posted ? { postingId: posted.postingId } : {}) };
      const denials = cur.denials.map((d) => (d.id === denialId ? closed : d));
      return {
        set: { denials, openDenials: denials.filter((d) => d.open).length, updatedAt: now },
        events: [this.events.outboxEntry(ClaimDenialWorkedV1, {
          subject: cur.patientId, siteId: cur.siteId,
          data: {
            claimId: cur._id, denialId, patientId: cur.patientId, siteId: cur.siteId, payerId: cur.payerId, outcome: request.outcome, group: denial.group, reason: denial.reason,
            amountCents: denial.amountCents, ...(posted ? { postingId: posted.postingId } : {}), ...(cur.correctedByClaimId ? { correctedByClaimId: cur.correctedByClaimId } : {}), changedBy: user.id,
          },
        })],
      };
    });
    if (!out?.written) {
      const now2 = await this.claims.findById(SERVICE, claimId);
      const winner = now2?.denials.find((d) => d.id === denialId);
      if (posted?.created && winner?.postingId !== posted.postingId) {
        await this.ledger.post(claim.accountId, posted.entries.map((e) => ({ type: 'reversal' as const, amountCents: e.amountCents, reversesEntryId: e.id, bucket: e.bucket, claimId, ...(e.siteId ? { siteId: e.siteId } : {}) })), `${key}:undone`, { source: user.id, scope: SERVICE });
      }
      throw conflict('DENIAL.ALREADY_CLOSED', `Denial ${denialId} of claim ${claimId} was worked meanwhile (${winner?.outcome ?? 'closed'}${winner?.workedBy ? ` by ${winner.workedBy}` : ''}).`);
    }
    const closed = out.doc.denials.find((d) => d.id === denialId) as DenialRecord;
    return { ...toItem(out.doc, closed), ...(posted ? { balances: posted.balances } : {}) };
  }
}
