import { Injectable } from '@nestjs/common';
import type { Appointment } from '@medplum/fhirtypes';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { DomainError, notFound } from '@clinic-flow/platform';
import { DirectoryRepository } from '../directory/directory.repository';
import { MergedPatientsRepository } from '../patients/merged-patients.repository';
import { PatientNamesRepository } from '../patients/patient-names.repository';
import { fhirAppointment } from './appointments.fhir';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentRecord } from './appointments.schema';

/** Appointments as FHIR R4 resources, scoped like `GET /appointments` (the caller's sites). */
@Injectable()
export class AppointmentsFhirService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly directory: DirectoryRepository,
    private readonly names: PatientNamesRepository,
    private readonly merged: MergedPatientsRepository,
  ) {}

  /**
   * A patient's appointments at the caller's sites, latest start first. A record merged into
   * another answers 409 PATIENT.MERGED naming the survivor, as patient-records' patient routes do
   * (its appointments moved to the survivor with the merge).
   */
  async search(patientId: string, user: AuthUser): Promise<Appointment[]> {
    const survivorId = await this.merged.survivorOf(patientId);
    if (survivorId) throw new DomainError('conflict', 'PATIENT.MERGED', `Patient ${patientId} was merged into ${survivorId}; open that record.`, { survivorId });
    const found = await this.appointments.findForPatient(SiteScope.of(user), patientId);
    return this.toFhir(found.sort((a, b) => b.start.getTime() - a.start.getTime()));
  }

  async read(id: string, user: AuthUser): Promise<Appointment> {
    const appointment = await this.appointments.findById(SiteScope.of(user), id);
    if (!appointment) throw notFound('APPOINTMENT.NOT_FOUND', `There is no appointment ${id}.`);
    return (await this.toFhir([appointment]))[0];
  }

  private async toFhir(appointments: AppointmentRecord[]): Promise<Appointment[]> {
    const names = await this.names.findMany([...new Set(appointments.map((a) => a.patientId))]);
    const providers = new Map<string, string | undefined>();
    const sites = new Map<string, { name?: string; timeZone: string }>();
    for (const a of appointments) {
      if (!providers.has(a.providerId)) providers.set(a.providerId, (await this.directory.findProvider(a.providerId))?.name);
      if (!sites.has(a.siteId)) {
        const site = await this.directory.findSite(a.siteId);
        sites.set(a.siteId, { name: site?.name, timeZone: site?.timeZone ?? 'UTC' });
      }
    }
    return appointments.map((a) => {
      const patient = names.get(a.patientId);
      const site = sites.get(a.siteId) ?? { timeZone: 'UTC' };
      return fhirAppointment(a, {
        patient: patient && `${patient.firstName} ${patient.lastName}`,
        provider: providers.get(a.providerId),
        site: site.name,
        timeZone: site.timeZone,
      });
    });
  }
}
