import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SiteScope } from '@clinic-flow/auth';
import { ANALYTICS_RECORDS, EventEnvelope } from '@clinic-flow/contracts';
import { EventPublisher, PermanentError } from '@clinic-flow/messaging';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { PatientsRepository } from '../patients/patients.repository';
import { AnalyticsConsumer, AnalyticsOutput, appointmentRecord, claimRecord, eligibilityRecord, messageRecord, parseAnalyticsConsumers, PatientFacts } from './analytics.rules';

const LOOKUP = SiteScope.service('analytics: age and ZIP3 of a booking');

/** A record that does not match its contract exactly (a field too many included): never published; the event is dead-lettered. */
export class AnalyticsRecordInvalid extends PermanentError {
  constructor(problems: string[]) {
    super(`analytics record violates its contract: ${problems.join('; ')}`);
  }
}

/**
 * Projects domain events to every registered consumer's analytics topics. Idempotent without
 * state of its own: a record's id and content follow from the source event alone (and the
 * patient's current age and ZIP3 at booking), so the redelivery after a crash between publishing
 * and committing publishes the same records again, with the same ids (consumers keep one per id).
 * Not an outbox: nothing here is a state change of this service, only a view of events already committed.
 */
@Injectable()
export class AnalyticsService {
  private readonly consumers: AnalyticsConsumer[];

  constructor(
    @Inject(APP_CONFIG) config: PatientRecordsConfig,
    private readonly patients: PatientsRepository,
    private readonly publisher: EventPublisher,
  ) {
    this.consumers = parseAnalyticsConsumers(config.ANALYTICS_CONSUMERS, config.PATIENT_RECORDS_SECRET);
  }

  async project(event: EventEnvelope<Record<string, unknown>>): Promise<void> {
    if (!this.consumers.length) return;
    const facts = event.type === 'appointment.booked' ? await this.patientFacts(String(event.data.patientId)) : undefined;
    const project = event.type.startsWith('appointment.')
      ? (consumer: AnalyticsConsumer) => appointmentRecord(consumer, event, facts)
      : event.type.startsWith('eligibility.')
        ? (consumer: AnalyticsConsumer) => eligibilityRecord(consumer, event)
        : event.type.startsWith('claim.')
          ? (consumer: AnalyticsConsumer) => claimRecord(consumer, event)
          : (consumer: AnalyticsConsumer) => messageRecord(consumer, event);
    const outputs = this.consumers
      .map(project)
      .filter((o): o is AnalyticsOutput => o !== null);
    for (const output of outputs) await this.check(output);
    await this.publisher.publishRecords(outputs.map((o) => ({ topic: o.topic, key: o.key, value: JSON.stringify(o.record), timestamp: o.timestamp })));
  }

  private async patientFacts(patientId: string): Promise<PatientFacts | undefined> {
    const patient = await this.patients.findById(LOOKUP, patientId);
    return patient ? { dateOfBirth: patient.dateOfBirth, postalCode: patient.address?.postalCode } : undefined;
  }

  /** Exactly the contract's fields, each valid: what the projection rules leave out stays out. */
  private async check(output: AnalyticsOutput): Promise<void> {
    const errors = await validate(plainToInstance(ANALYTICS_RECORDS[output.stream].record, output.record), { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw new AnalyticsRecordInvalid(errors.flatMap((e) => Object.values(e.constraints ?? {})));
  }
}
