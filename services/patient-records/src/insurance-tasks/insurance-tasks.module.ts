import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { InsuranceTasksConsumer } from './insurance-tasks.consumer';

/** The desk's tasks from insurance's events: a coverage whose eligibility changed (eligibility.changed). */
@Module({
  imports: [PatientsModule, TasksModule],
  controllers: [InsuranceTasksConsumer],
})
export class InsuranceTasksModule {}
