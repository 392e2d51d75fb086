import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SiteScope } from '@clinic-flow/auth';
import { EligibilityChangedData, EligibilityChangedV1, EventEnvelope } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { PatientsRepository } from '../patients/patients.repository';
import { TasksService } from '../tasks/tasks.service';
import { eligibilityChangeTask } from './insurance-tasks.rules';

const DESK = SiteScope.service('eligibility-change task');

/**
 * A front-desk task for each eligibility change insurance saw. The task id comes from the check,
 * so a redelivered event finds its task there and opens nothing more. A change of a record merged
 * since goes to the record it was merged into.
 */
@Controller()
export class InsuranceTasksConsumer {
  private readonly logger = new Logger(InsuranceTasksConsumer.name);

  constructor(
    private readonly patients: PatientsRepository,
    private readonly tasks: TasksService,
  ) {}

  @OnEvent(EligibilityChangedV1)
  async onEligibilityChanged(@Payload() event: EventEnvelope<EligibilityChangedData>): Promise<void> {
    let patient = await this.patients.findById(DESK, event.data.patientId);
    if (patient?.mergedIntoPatientId) patient = await this.patients.findById(DESK, patient.mergedIntoPatientId);
    if (!patient) {
      this.logger.warn(`eligibility change ${event.data.checkId} is for patient ${event.data.patientId}, unknown here: no task`);
      return;
    }
    const task = eligibilityChangeTask(event.data, { id: patient._id, registeredAtSiteId: patient.registeredAtSiteId }, new Date(event.time));
    await this.tasks.open(DESK, task);
  }
}
