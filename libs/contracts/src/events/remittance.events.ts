import { IsIn, IsInt, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Remittances (835) as billing received them: posted or refused. Subject = the remittance key
 * (payer|trace number). Network-wide: no patient data, only counts and amounts.
 */

export class RemittanceData {
  @IsString() remittanceId: string;
  @IsString() payerId: string;
  /** TRN02: the check or EFT number. */
  @IsString() traceNumber: string;
  @IsInt() paymentCents: number;
  @IsInt() claimCount: number;
  @IsIn(['clearinghouse', 'upload']) source: 'clearinghouse' | 'upload';
  @IsIn(['posted', 'refused']) status: 'posted' | 'refused';
  /** Why it was refused ('' when posted). */
  @IsString() reason: string;
}

export const RemittancePostedV1 = defineEvent({
  type: 'remittance.posted', version: 1, topic: Topics.remittances, producer: 'billing',
  description: "An 835 that balances was posted: each claim's payment, contractual adjustments, patient responsibility, denials and reversals on the guarantors' ledgers.",
  data: RemittanceData,
});

export const RemittanceRefusedV1 = defineEvent({
  type: 'remittance.refused', version: 1, topic: Topics.remittances, producer: 'billing',
  description: 'An 835 was refused as a whole (it does not balance at line, claim or payment level): nothing was posted; the reason is kept.',
  data: RemittanceData,
});
