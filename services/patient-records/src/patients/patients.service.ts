import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, assertSiteAccess } from '@clinic-flow/auth';
import { PatientDto, PatientRegisteredV1, RegisterPatientRequest } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { invalid, notFound } from '@clinic-flow/platform';
import { PatientsRepository } from './patients.repository';
import { formatMrn, isValidDateOfBirth } from './patients.rules';
import { PatientRecord } from './patients.schema';

const toDto = (p: PatientRecord): PatientDto => ({
  id: p._id,
  mrn: p.mrn,
  firstName: p.firstName,
  lastName: p.lastName,
  dateOfBirth: p.dateOfBirth,
  phone: p.phone,
  email: p.email,
  preferredChannel: p.preferredChannel,
  registeredAtSiteId: p.registeredAtSiteId,
  createdAt: p.createdAt.toISOString(),
});

@Injectable()
export class PatientsService {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly events: EventFactory,
  ) {}

  async register(request: RegisterPatientRequest, user: AuthUser): Promise<PatientDto> {
    const siteId = request.siteId ?? user.siteIds[0];
    if (!siteId) throw invalid('PATIENT.SITE_REQUIRED', 'siteId is required for a user without sites.');
    assertSiteAccess(user, siteId);
    if (!isValidDateOfBirth(request.dateOfBirth, new Date())) {
      throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', [
        { field: 'dateOfBirth', messages: ['dateOfBirth must be a real date, not in the future'] },
      ]);
    }
    const id = randomUUID();
    const mrn = formatMrn(await this.patients.nextSequence('mrn'));
    const now = new Date();
    const record = {
      _id: id,
      mrn,
      firstName: request.firstName.trim(),
      lastName: request.lastName.trim(),
      dateOfBirth: request.dateOfBirth,
      phone: request.phone,
      email: request.email?.toLowerCase(),
      preferredChannel: request.preferredChannel,
      registeredAtSiteId: siteId,
      registeredBy: user.id,
      createdAt: now,
      updatedAt: now,
    };
    const registered = this.events.outboxEntry(PatientRegisteredV1, {
      subject: id,
      siteId,
      data: {
        patientId: id,
        mrn,
        firstName: record.firstName,
        lastName: record.lastName,
        dateOfBirth: record.dateOfBirth,
        phone: record.phone,
        email: record.email,
        preferredChannel: record.preferredChannel,
        registeredAtSiteId: siteId,
      },
    });
    return toDto(await this.patients.insert(record, [registered]));
  }

  async get(id: string): Promise<PatientDto> {
    const patient = await this.patients.findById(id);
    if (!patient) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${id}.`);
    return toDto(patient);
  }
}
