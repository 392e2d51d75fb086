import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { IssueLetterRequest, LetterDto, LetterIssuedV1, LetterListResponse, LetterPrintedV1 } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, notFound, unprocessable } from '@clinic-flow/platform';
import { DocumentsService } from '../documents/documents.service';
import { PatientAccess } from '../patients/patient-access';
import { ReferralsService } from '../referrals/referrals.service';
import { SitesRepository } from '../sites/sites.repository';
import { composeLetter, LetterFacts, Letterhead, renderLetterPdf } from './letters.render';
import { LettersRepository } from './letters.repository';
import { LetterRecord } from './letters.schema';

const toDto = (l: LetterRecord): LetterDto => ({
  id: l._id,
  patientId: l.patientId,
  siteId: l.siteId,
  kind: l.kind,
  language: l.language,
  template: l.template,
  delivery: l.delivery,
  status: l.status,
  documentId: l.documentId,
  ...(l.referralId ? { referralId: l.referralId } : {}),
  issuedAt: l.issuedAt.toISOString(),
  issuedBy: l.issuedBy,
  ...(l.printedAt ? { printedAt: l.printedAt.toISOString(), printedBy: l.printedBy } : {}),
});

/**
 * Letters from templates: rendered to PDF with the letterhead of the patient's site, in the
 * patient's language, stored as a patient document, then sent: by email (notification sends the
 * patient a secure download link, never the letter) or into the site's printed-mail queue.
 */
@Injectable()
export class LettersService {
  constructor(
    private readonly letters: LettersRepository,
    private readonly access: PatientAccess,
    private readonly sites: SitesRepository,
    private readonly documents: DocumentsService,
    private readonly referrals: ReferralsService,
    private readonly events: EventFactory,
  ) {}

  /**
   * Writes the letter. The PDF is stored before the letter is recorded (a crash in between leaves
   * a document no letter names, and the desk issues again); a referral letter marks its referral
   * sent after the letter is recorded.
   */
  async issue(patientId: string, request: IssueLetterRequest, user: AuthUser): Promise<LetterDto> {
    const opened = await this.access.open(SiteScope.of(user), patientId);
    const { patient, siteId, recordIds, scope } = opened;
    const site = await this.sites.find(siteId);
    if (!site) throw conflict('LETTER.SITE_NOT_KNOWN', `Site ${siteId} is not known here yet (its site.registered event has not arrived); try again shortly.`);
    if (request.delivery === 'email' && !patient.email && !patient.phone) {
      throw unprocessable('LETTER.PATIENT_UNREACHABLE', 'The patient has no email address or phone number for the download link: print the letter instead.');
    }
    const referral = request.kind === 'referral' ? await this.referrals.assertOpen(scope, request.referralId!) : undefined;
    if (referral && !recordIds.includes(referral.patientId)) throw notFound('REFERRAL.NOT_FOUND', `Patient ${patientId} has no referral ${request.referralId}.`);

    const letterhead: Letterhead = { name: site.name, address: site.address, phone: site.phone, timeZone: site.timeZone };
    const facts: LetterFacts = {
      patientName: `${patient.firstName} ${patient.lastName}`,
      dateOfBirth: patient.dateOfBirth,
      mrn: patient.mrn,
      ...(referral ? { specialty: referral.specialty, specialistName: referral.specialistName, practice: referral.practice, reason: referral.reason, reasonCode: referral.reasonCode } : {}),
      audience: request.audience,
      absentFrom: request.absentFrom,
      returnOn: request.returnOn,
      missedOn: request.missedOn,
      amountDue: request.amountDue,
    };
    const issuedAt = new Date();
    const language = patient.language ?? 'en';
    const composed = composeLetter(request.kind, language, letterhead, facts, issuedAt);
    const pdf = await renderLetterPdf(letterhead, composed);
    const document = await this.documents.storeGenerated(scope, {
      patientId,
      kind: request.kind === 'referral' ? 'referral-letter' : 'letter',
      title: composed.title,
      // No patient name in the file name: it travels in headers and on disks.
      filename: `${request.kind}-letter-${issuedAt.toISOString().slice(0, 10)}.pdf`,
      contentType: 'application/pdf',
      content: pdf,
      createdBy: user.id,
    });
    const link = request.delivery === 'email' ? await this.documents.createLink(scope, document.id) : undefined;

    const id = randomUUID();
    const issued = this.events.outboxEntry(LetterIssuedV1, {
      subject: patient._id,
      siteId,
      data: {
        letterId: id,
        patientId: patient._id,
        siteId,
        siteName: site.name,
        siteTimeZone: site.timeZone,
        letterKind: request.kind,
        documentId: document.id,
        delivery: request.delivery,
        ...(link ? { downloadUrl: link.url } : {}),
        issuedAt: issuedAt.toISOString(),
      },
    });
    const letter = await this.letters.insert(
      scope,
      {
        _id: id,
        patientId: patient._id,
        siteId,
        kind: request.kind,
        language,
        template: composed.template,
        delivery: request.delivery,
        status: request.delivery === 'email' ? 'sent' : 'to-print',
        documentId: document.id,
        ...(referral ? { referralId: referral._id } : {}),
        issuedBy: user.id,
        issuedAt,
      },
      [issued],
    );
    if (referral) await this.referrals.letterIssued(scope, referral._id, id, user.id);
    return toDto(letter);
  }

  async list(patientId: string, user: AuthUser): Promise<LetterListResponse> {
    const { recordIds, scope } = await this.access.open(SiteScope.of(user), patientId);
    const items = (await this.letters.ofPatient(scope, recordIds)).sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime());
    return { items: items.map(toDto), total: items.length };
  }

  /** A site's printed-mail queue: letters to print and post, oldest first. */
  async printQueue(siteId: string, user: AuthUser): Promise<LetterListResponse> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const items = (await this.letters.toPrintAt(scope, siteId)).filter((l) => l.status === 'to-print').sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
    return { items: items.map(toDto), total: items.length };
  }

  /** Printed for posting: it leaves the queue (printed already: the same answer). */
  async markPrinted(id: string, user: AuthUser): Promise<LetterDto> {
    const { entry: letter, opened } = await this.access.openEntry(SiteScope.of(user), (lookup) => this.letters.findById(lookup, id), () => notFound('LETTER.NOT_FOUND', `There is no letter ${id}.`));
    const scope = opened.scope;
    if (letter.delivery !== 'print') throw conflict('LETTER.NOT_FOR_PRINT', `Letter ${id} went by email; there is nothing to print.`);
    const outcome = await this.letters.update(scope, id, (current) => {
      if (current.status === 'printed') return null;
      const printedAt = new Date();
      const printed = this.events.outboxEntry(LetterPrintedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: { letterId: id, patientId: current.patientId, siteId: current.siteId, printedBy: user.id, printedAt: printedAt.toISOString() },
      });
      return { set: { status: 'printed', printedAt, printedBy: user.id }, events: [printed] };
    });
    return toDto(outcome!.doc);
  }
}
