/*
 * A secondary claim from the primary's adjudication: the same services sent to the next payer, with
 * the primary in 2320/2330 (its claim-level adjustments, what it paid, when) and each line's
 * adjudication in 2430 matched by our line id (REF*6R echoed in the 835).
 */
import { X12Error } from '../segments';
import type { ClaimPayment } from './remittance-835';
import type { ClaimSubscriber, ProfessionalClaim } from './claim.types';

export interface SecondaryTarget {
  /** Our id of the secondary claim (CLM01, at most 20 characters). */
  claimId: string;
  /** The subscriber of the secondary coverage (payerResponsibility S or T). */
  subscriber: ClaimSubscriber;
  payer: ProfessionalClaim['payer'];
  /** The date the primary adjudicated the claim (the 835's payment date). */
  primaryAdjudicatedDate: string;
}

/**
 * The secondary claim for `primary` after `payment` (its CLP in the primary's 835). Throws X12Error
 * X12.SECONDARY_MISMATCH when the payment is not for that claim, or a line of the claim has no
 * adjudication in it (matched by line id).
 */
export function secondaryClaimFrom(primary: ProfessionalClaim, payment: ClaimPayment, target: SecondaryTarget): ProfessionalClaim {
  if (payment.claimId !== primary.claimId) throw new X12Error('X12.SECONDARY_MISMATCH', `the payment is for claim ${payment.claimId}, not ${primary.claimId}`);
  const missing = primary.lines.filter((l) => !payment.lines.some((p) => p.lineId === l.lineId));
  if (missing.length) throw new X12Error('X12.SECONDARY_MISMATCH', `the primary's remittance has no line ${missing.map((l) => l.lineId).join(', ')}`);
  const sub = primary.subscriber;
  return {
    ...primary,
    claimId: target.claimId,
    frequency: '1',
    payerClaimControlNumber: undefined,
    subscriber: target.subscriber,
    payer: target.payer,
    otherPayers: [{
      payerResponsibility: 'P',
      relationship: primary.patient ? primary.patient.relationship : '18',
      claimFilingIndicator: sub.claimFilingIndicator,
      groupNumber: sub.groupNumber,
      subscriber: { memberId: sub.memberId, lastName: sub.lastName, firstName: sub.firstName },
      payer: { name: primary.payer.name, id: primary.payer.id },
      paidCents: payment.paidCents,
      adjustments: payment.adjustments,
      adjudicatedDate: target.primaryAdjudicatedDate,
    }],
    lines: primary.lines.map((line) => {
      const paid = payment.lines.find((p) => p.lineId === line.lineId);
      if (!paid) throw new X12Error('X12.SECONDARY_MISMATCH', `the primary's remittance has no line ${line.lineId}`);
      return {
        ...line,
        adjudications: [{
          payerId: primary.payer.id, paidCents: paid.paidCents, procedureCode: paid.procedureCode, ...(paid.modifiers ? { modifiers: paid.modifiers } : {}),
          units: paid.units ?? line.units, adjustments: paid.adjustments, adjudicatedDate: target.primaryAdjudicatedDate,
        }],
      };
    }),
  };
}
