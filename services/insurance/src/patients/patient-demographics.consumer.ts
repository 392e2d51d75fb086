import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientDemographicsChangedData, PatientDemographicsChangedV1, PatientRegisteredData, PatientRegisteredV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { PatientDemographicsRepository } from './patient-demographics.repository';

/**
 * Keeps the names and dates of birth that system eligibility checks put in their 270s. A merge
 * needs nothing here: coverages and visits move to the survivor (merges/), whose own record is
 * already kept under its id.
 */
@Controller()
export class PatientDemographicsConsumer {
  constructor(private readonly patients: PatientDemographicsRepository) {}

  @OnEvent(PatientRegisteredV1)
  async onPatientRegistered(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    const p = event.data;
    await this.patients.upsertIfNewer({ _id: p.patientId, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, asOf: new Date(event.time) });
  }

  /** A rename or a corrected date of birth: the event carries the current ones, so the copy is replaced. */
  @OnEvent(PatientDemographicsChangedV1)
  async onDemographicsChanged(@Payload() event: EventEnvelope<PatientDemographicsChangedData>): Promise<void> {
    const p = event.data;
    await this.patients.upsertIfNewer({ _id: p.patientId, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, asOf: new Date(p.changedAt) });
  }
}
