import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { EligibilityCheckDto, EligibilityCheckedV1, ListResponse } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog, invalid } from '@clinic-flow/platform';
import { EligibilityInquiry, EligibilityOutcome, HttpClearinghouseAdapter } from '@clinic-flow/x12';
import type { InsuranceConfig } from '../config';
import { CoveragesService } from '../coverages/coverages.service';
import { PatientCheck } from '../coverages/patient-check';
import { ControlNumbersRepository } from '../interchanges/control-numbers.repository';
import { PayersRepository } from '../payers/payers.repository';
import { isa13, verdictOf } from './eligibility.rules';
import { EligibilityCheckRecord } from './eligibility.schema';
import { EligibilityRepository } from './eligibility.repository';

const SYSTEM = SiteScope.service('eligibility');
const gender = (sex?: string): 'M' | 'F' | 'U' => (sex === 'M' || sex === 'F' ? sex : 'U');

const toDto = (c: EligibilityCheckRecord): EligibilityCheckDto => ({
  id: c._id, coverageId: c.coverageId, patientId: c.patientId, payerId: c.payerId, dateOfService: c.dateOfService, status: c.status,
  ...(c.reason ? { reason: c.reason } : {}), ...(c.detail ? { detail: c.detail } : {}), ...(c.benefits ? { benefits: c.benefits } : {}),
  traceNumber: c.traceNumber,
  ...(c.interchangeControlNumber ? { interchangeControlNumber: c.interchangeControlNumber } : {}),
  ...(c.responseControlNumber ? { responseControlNumber: c.responseControlNumber } : {}),
  requestedAt: c.requestedAt.toISOString(), completedAt: c.completedAt.toISOString(), checkedBy: c.checkedBy,
});

/**
 * On-demand eligibility: a 270 for the coverage and the date of service, sent through the
 * clearinghouse adapter; the outcome is recorded whatever it is (a payer that is down is a
 * 'payer-unavailable' result, never an error to the caller), with its trace and control numbers.
 */
@Injectable()
export class EligibilityService {
  private readonly logger = new Logger(EligibilityService.name);
  private readonly adapter: HttpClearinghouseAdapter;

  constructor(
    private readonly coverages: CoveragesService,
    private readonly patients: PatientCheck,
    private readonly payers: PayersRepository,
    private readonly checks: EligibilityRepository,
    private readonly events: EventFactory,
    controlNumbers: ControlNumbersRepository,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {
    this.adapter = new HttpClearinghouseAdapter({
      baseUrl: config.CLEARINGHOUSE_URL.replace(/\/$/, ''),
      sender: { qualifier: 'ZZ', id: config.X12_SENDER_ID },
      receiver: { qualifier: 'ZZ', id: config.X12_RECEIVER_ID },
      controlNumbers: controlNumbers.sequence(config.X12_SENDER_ID, config.X12_RECEIVER_ID),
      timeoutMs: config.CLEARINGHOUSE_TIMEOUT_MS,
    });
  }

  async history(user: AuthUser, coverageId: string): Promise<ListResponse<EligibilityCheckDto>> {
    await this.coverages.open(user, coverageId);
    const items = (await this.checks.forCoverage(SiteScope.of(user), coverageId)).sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime()).map(toDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async check(user: AuthUser, coverageId: string, dateOfService?: string): Promise<EligibilityCheckDto> {
    const coverage = await this.coverages.open(user, coverageId);
    const date = dateOfService ?? DateTime.now().setZone('America/New_York').toFormat('yyyy-MM-dd');
    if (!DateTime.fromISO(date).isValid) throw invalid('ELIGIBILITY.INVALID_DATE', `dateOfService ${date} is not a date.`, [{ field: 'dateOfService', messages: ['not a date'] }]);
    const patient = await this.patients.open(coverage.patientId);
    const payer = await this.payers.findById(SYSTEM, coverage.payerId);
    const traceNumber = `EC${randomUUID().replace(/-/g, '').slice(0, 28).toUpperCase()}`;
    const requestedAt = new Date();
    const subscriberPerson = coverage.relationship === 'self' || !coverage.subscriber
      ? { firstName: patient.firstName, lastName: patient.lastName, birthDate: patient.dateOfBirth, gender: gender(patient.sex) }
      : { firstName: coverage.subscriber.firstName, lastName: coverage.subscriber.lastName, birthDate: coverage.subscriber.dateOfBirth, gender: 'U' as const };
    const inquiry: EligibilityInquiry = {
      traceNumber,
      traceOriginatorId: this.config.X12_TRACE_ORIGINATOR_ID,
      payer: { name: (payer?.name ?? coverage.payerId).toUpperCase().slice(0, 60), id: payer?.ediPayerId ?? coverage.payerId },
      provider: { organizationName: this.config.ELIGIBILITY_PROVIDER_NAME, npi: this.config.ELIGIBILITY_PROVIDER_NPI },
      subscriber: { memberId: coverage.memberId, ...subscriberPerson, ...(coverage.groupNumber ? { groupNumber: coverage.groupNumber } : {}) },
      ...(coverage.relationship !== 'self' && coverage.subscriber
        ? { dependent: { firstName: patient.firstName, lastName: patient.lastName, birthDate: patient.dateOfBirth, gender: gender(patient.sex) } }
        : {}),
      dateOfService: date,
      serviceTypes: ['30'],
    };
    let outcome: EligibilityOutcome | undefined;
    let failure: string | undefined;
    try {
      outcome = await this.adapter.checkEligibility(inquiry);
    } catch (error) {
      // Not sent (control numbers contended, a bug): recorded for the desk, never a 5xx.
      failure = errorMessageForLog(error);
      this.logger.warn(`eligibility check of coverage ${coverage._id} was not sent: ${failure}`);
    }
    const verdict = outcome ? verdictOf(outcome) : { status: 'needs-attention' as const, reason: 'NOT_SENT', detail: 'the inquiry could not be sent; try again' };
    const exchange = outcome && 'exchange' in outcome ? outcome.exchange : undefined;
    const check: Omit<EligibilityCheckRecord, 'version'> = {
      _id: `elig-${randomUUID()}`,
      coverageId: coverage._id,
      patientId: coverage.patientId,
      payerId: coverage.payerId,
      dateOfService: date,
      ...verdict,
      traceNumber,
      ...(exchange ? { interchangeControlNumber: exchange.interchangeControlNumber } : {}),
      ...(isa13(exchange?.response) ? { responseControlNumber: isa13(exchange?.response) } : {}),
      trigger: 'on-demand',
      requestedAt,
      completedAt: new Date(),
      checkedBy: user.id,
    };
    const saved = await this.checks.insert(SiteScope.of(user), check, [
      this.events.outboxEntry(EligibilityCheckedV1, {
        subject: coverage.patientId,
        siteId: null,
        data: { checkId: check._id, coverageId: coverage._id, patientId: coverage.patientId, payerId: coverage.payerId, dateOfService: date, status: verdict.status, ...(verdict.reason ? { reason: verdict.reason } : {}), trigger: 'on-demand' },
      }),
    ]);
    return toDto(saved);
  }
}
