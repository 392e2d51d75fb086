import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientDemographicsChangedData, PatientDemographicsChangedV1, PatientRegisteredData, PatientRegisteredV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { PatientNamesRepository } from './patient-names.repository';

/** Keeps the names the day view shows, from patient-records' events. */
@Controller()
export class PatientNamesConsumer {
  constructor(private readonly names: PatientNamesRepository) {}

  @OnEvent(PatientRegisteredV1)
  async onPatientRegistered(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    const p = event.data;
    await this.names.upsertIfNewer({ _id: p.patientId, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, asOf: new Date(event.time) });
  }

  /** A rename or a corrected date of birth: the event carries the current ones, so the copy is replaced. */
  @OnEvent(PatientDemographicsChangedV1)
  async onDemographicsChanged(@Payload() event: EventEnvelope<PatientDemographicsChangedData>): Promise<void> {
    const p = event.data;
    await this.names.upsertIfNewer({ _id: p.patientId, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, asOf: new Date(p.changedAt) });
  }
}
