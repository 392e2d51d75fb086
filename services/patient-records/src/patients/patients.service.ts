import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { PatientContactUpdatedV1, PatientDto, PatientRegisteredV1, RegisterPatientRequest, UpdatePatientContactRequest } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { invalid, isDuplicateKeyError, notFound } from '@clinic-flow/platform';
import { assertNotMerged } from './patient-access';
import { PatientsRepository } from './patients.repository';
import { applyContactChange, ContactState, contactProblems, formatMrn, isValidDateOfBirth, sameContact } from './patients.rules';
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
  language: p.language ?? 'en',
  optedOutChannels: p.optedOutChannels ?? [],
  registeredAtSiteId: p.registeredAtSiteId,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const contactOf = (p: PatientRecord): ContactState => ({
  phone: p.phone,
  email: p.email,
  preferredChannel: p.preferredChannel,
  language: p.language ?? 'en',
  optedOutChannels: p.optedOutChannels ?? [],
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
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    if (!isValidDateOfBirth(request.dateOfBirth, new Date())) {
      throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', [
        { field: 'dateOfBirth', messages: ['dateOfBirth must be a real date, not in the future'] },
      ]);
    }
    return this.create(scope, randomUUID(), request, siteId, user.id);
  }

  /**
   * Registers the demo patients (SEED_DEMO_DATA) under their fixed ids, through the same write
   * and event as a registration at the front desk. Idempotent: existing ids are left alone.
   */
  async seedDemo(patients: readonly (RegisterPatientRequest & { id: string; siteId: string })[]): Promise<number> {
    let created = 0;
    const scope = SiteScope.service('demo-seed');
    for (const { id, ...request } of patients) {
      if (await this.patients.findById(scope, id)) continue;
      try {
        await this.create(scope, id, request, request.siteId, 'demo-seed');
        created += 1;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error; // another instance seeded it first
      }
    }
    return created;
  }

  private async create(scope: SiteScope, id: string, request: RegisterPatientRequest, siteId: string, registeredBy: string): Promise<PatientDto> {
    const mrn = formatMrn(await this.patients.nextSequence('mrn'));
    const now = new Date();
    const contact = applyContactChange(
      { preferredChannel: request.preferredChannel, language: 'en', optedOutChannels: [] },
      { phone: request.phone, email: request.email, language: request.language, optedOutChannels: request.optedOutChannels },
    );
    const record = {
      _id: id,
      mrn,
      firstName: request.firstName.trim(),
      lastName: request.lastName.trim(),
      dateOfBirth: request.dateOfBirth,
      ...contact,
      registeredAtSiteId: siteId,
      registeredBy,
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
        language: record.language,
        optedOutChannels: record.optedOutChannels,
      },
    });
    return toDto(await this.patients.insert(scope, record, [registered]));
  }

  /** A patient registered at one of the caller's sites. */
  async get(id: string, user: AuthUser): Promise<PatientDto> {
    const patient = await this.patients.findById(SiteScope.of(user), id);
    if (!patient) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${id}.`);
    assertNotMerged(patient);
    return toDto(patient);
  }

  /**
   * Changes contact details or communication preferences; the write carries
   * `patient.contact-updated` with the full new state, so notification's view can replace its copy.
   * A change that changes nothing writes nothing and publishes nothing.
   */
  async updateContact(id: string, request: UpdatePatientContactRequest, user: AuthUser): Promise<PatientDto> {
    const updated = await this.patients.update(SiteScope.of(user), id, (current) => {
      assertNotMerged(current);
      const before = contactOf(current);
      const next = applyContactChange(before, request);
      const problems = contactProblems(next);
      if (problems.length) throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', problems);
      if (sameContact(before, next)) return { result: current };
      const changedAt = new Date();
      const event = this.events.outboxEntry(PatientContactUpdatedV1, {
        subject: id,
        siteId: current.registeredAtSiteId,
        data: { patientId: id, firstName: current.firstName, ...next, changedBy: user.id, changedAt: changedAt.toISOString() },
      });
      const set = { ...next, updatedAt: changedAt };
      return { set, events: [event], result: { ...current, ...set } };
    });
    if (!updated) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${id}.`);
    return toDto(updated);
  }
}
