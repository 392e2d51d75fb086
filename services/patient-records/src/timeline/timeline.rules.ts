import { Policies, Role } from '@clinic-flow/auth';
import {
  AllergyRecordedV1,
  AllergyUpdatedV1,
  AppointmentBookedData,
  AppointmentBookedV1,
  AppointmentBookedV2,
  AppointmentCancelledData,
  AppointmentCancelledV1,
  AppointmentCancelledV2,
  AppointmentCheckedInV1,
  AppointmentCompletedV1,
  AppointmentConfirmedData,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRefData,
  AppointmentRescheduledData,
  AppointmentRescheduledV1,
  allEvents,
  ConsentRevokedV1,
  ConsentSignedV1,
  DocumentAddedV1,
  DocumentReplacedV1,
  EventDefinition,
  EventEnvelope,
  eventKey,
  findEvent,
  LetterIssuedV1,
  LetterPrintedV1,
  MedicationRecordedV1,
  MedicationUpdatedV1,
  MessageRefData,
  NotificationSentData,
  NotificationFailedV1,
  NotificationSentV1,
  NotificationSkippedV1,
  PatientBreakGlassV1,
  PatientCareSiteAddedV1,
  PatientContactUpdatedV1,
  PatientDemographicsChangedV1,
  PatientMergedData,
  PatientMergedV1,
  PatientRegisteredV1,
  PatientUnmergedData,
  PatientUnmergedV1,
  ProblemRecordedV1,
  ProblemUpdatedV1,
  ReferralChasedV1,
  ReferralCreatedV1,
  ReferralStepRecordedV1,
  TaskCompletedV1,
  TaskOpenedV1,
  VitalsRecordedV1,
  VitalsUpdatedV1,
} from '@clinic-flow/contracts';

/*
 * What the patient timeline keeps of each event: the patient record it belongs to, a kind, a
 * summary for people and the id of what it is about. Summaries are built from codes, kinds, times
 * and names of staff and places only, never from free text about the patient (reasons, notes,
 * clinical content stay in their own service), so the timeline can be shown, logged or audited
 * without leaking more than the event type says.
 *
 * Adding a kind of entry is one line in TIMELINE_EVENTS. Every event patient-records produces is on
 * the timeline even without a line (describeGeneric below): a new event shows as
 * "<area>: <what happened>" until someone gives it a line.
 */

/** One entry as an event describes it; `occurredAt` defaults to the event's time. */
export interface TimelineDraft {
  patientId: string;
  kind: string;
  summary: string;
  refId?: string;
}

type Describe<T> = (data: T, event: EventEnvelope<T>) => TimelineDraft | TimelineDraft[] | null;

interface TimelineSource {
  definition: EventDefinition;
  describe: Describe<never>;
}

const line = <T extends object>(definition: EventDefinition<T>, describe: Describe<T>): TimelineSource => ({ definition, describe: describe as Describe<never> });

const appointment = (a: AppointmentRefData, summary: string): TimelineDraft => ({ patientId: a.patientId, kind: 'appointment', summary, refId: a.appointmentId });
const message = (m: MessageRefData, summary: string): TimelineDraft => ({ patientId: m.patientId, kind: 'message', summary: `${capitalize(words(m.kind))} ${summary}`, refId: m.messageId });

const clinical = (e: { patientId: string; entryId: string }, kind: string, summary: string): TimelineDraft => ({ patientId: e.patientId, kind, summary, refId: e.entryId });
const updated = (e: { status: string; changed: string[] }) => (e.status === 'entered-in-error' ? 'marked entered in error' : `changed (${e.changed.map(words).join(', ') || e.status})`);
const consentName = (c: { kind: string; channel?: string }) => `${words(c.kind)}${c.channel ? ` (${c.channel})` : ''}`;

/** The events with a line of their own. */
export const TIMELINE_EVENTS: TimelineSource[] = [
  line(PatientRegisteredV1, (p) => ({ patientId: p.patientId, kind: 'registration', summary: `Registered (${p.mrn}) at ${p.registeredAtSiteId}` })),
  line(PatientContactUpdatedV1, (p) => ({ patientId: p.patientId, kind: 'demographics', summary: 'Contact details or communication preferences changed' })),
  line(PatientDemographicsChangedV1, (p) => ({ patientId: p.patientId, kind: 'demographics', summary: `Demographics changed: ${p.changedFields.map(words).join(', ')}` })),
  // Care relationship (issue 10): who opened the record by breaking the glass, until when; the reason stays in the break-the-glass record.
  line(PatientCareSiteAddedV1, (c) => ({ patientId: c.patientId, kind: 'care-relationship', summary: `Now also cared for at ${c.siteId}`, refId: c.appointmentId })),
  line(PatientBreakGlassV1, (b) => ({ patientId: b.patientId, kind: 'break-glass', summary: `Record opened by breaking the glass by user ${b.userId} until ${b.until}`, refId: b.breakGlassId })),
  // Clinical entries: codes, severities, statuses and which signs were measured; never the substance, medication or values.
  line(AllergyRecordedV1, (a) => clinical(a, 'allergy', `Allergy recorded (${a.severity})`)),
  line(AllergyUpdatedV1, (a) => clinical(a, 'allergy', `Allergy ${updated(a)}`)),
  line(ProblemRecordedV1, (p) => clinical(p, 'problem', `Problem recorded: ICD-10-CM ${p.code}`)),
  line(ProblemUpdatedV1, (p) => clinical(p, 'problem', `Problem ${p.code} ${updated(p)}`)),
  line(MedicationRecordedV1, (m) => clinical(m, 'medication', 'Medication added')),
  line(MedicationUpdatedV1, (m) => clinical(m, 'medication', `Medication ${updated(m)}`)),
  line(VitalsRecordedV1, (v) => clinical(v, 'vitals', `Vitals taken: ${v.measured.map(words).join(', ')}`)),
  line(VitalsUpdatedV1, (v) => clinical(v, 'vitals', `Vitals ${updated(v)}`)),
  line(DocumentAddedV1, (d) => ({ patientId: d.patientId, kind: 'document', summary: `Document added: ${words(d.kind)}`, refId: d.documentId })),
  line(DocumentReplacedV1, (d) => ({ patientId: d.patientId, kind: 'document', summary: `Document replaced: ${words(d.kind)}, version ${d.version}`, refId: d.documentId })),
  line(ConsentSignedV1, (c) => ({ patientId: c.patientId, kind: 'consent', summary: `Signed: ${consentName(c)} (form ${c.formVersion}, by the ${c.signerType})`, refId: c.consentId })),
  line(ConsentRevokedV1, (c) => ({ patientId: c.patientId, kind: 'consent', summary: `Revoked: ${consentName(c)}`, refId: c.consentId })),
  line(LetterIssuedV1, (l) => ({ patientId: l.patientId, kind: 'letter', summary: `Letter issued: ${words(l.letterKind)} (${l.delivery})`, refId: l.letterId })),
  line(LetterPrintedV1, (l) => ({ patientId: l.patientId, kind: 'letter', summary: 'Letter printed for posting', refId: l.letterId })),
  line(ReferralCreatedV1, (r) => ({ patientId: r.patientId, kind: 'referral', summary: 'Referral created', refId: r.referralId })),
  line(ReferralStepRecordedV1, (r) => ({ patientId: r.patientId, kind: 'referral', summary: `Referral: ${words(r.status)}`, refId: r.referralId })),
  line(ReferralChasedV1, (r) => ({ patientId: r.patientId, kind: 'referral', summary: `Referral chased: waiting for the ${words(r.awaiting)}`, refId: r.referralId })),
  line(TaskOpenedV1, (t) => ({ patientId: t.patientId, kind: 'task', summary: `Desk task opened: ${words(t.kind)}`, refId: t.taskId })),
  line(TaskCompletedV1, (t) => ({ patientId: t.patientId, kind: 'task', summary: `Desk task done: ${words(t.kind)}`, refId: t.taskId })),
  line(PatientMergedV1, (m: PatientMergedData) => [
    { patientId: m.survivorId, kind: 'merge', summary: `Record ${m.mergedPatientId} merged into this record`, refId: m.mergeId },
    { patientId: m.mergedPatientId, kind: 'merge', summary: `Merged into record ${m.survivorId}`, refId: m.mergeId },
  ]),
  line(PatientUnmergedV1, (m: PatientUnmergedData) => [
    { patientId: m.survivorId, kind: 'merge', summary: `Record ${m.mergedPatientId} unmerged from this record`, refId: m.mergeId },
    { patientId: m.mergedPatientId, kind: 'merge', summary: `Unmerged from record ${m.survivorId}`, refId: m.mergeId },
  ]),
  ...[AppointmentBookedV1, AppointmentBookedV2].map((definition) =>
    line(definition, (a: AppointmentBookedData) => appointment(a, `Appointment booked: ${a.appointmentTypeName ?? 'visit'} with ${a.providerName} at ${a.siteName}, ${a.start}`)),
  ),
  line(AppointmentConfirmedV1, (a: AppointmentConfirmedData) => appointment(a, `Appointment confirmed (${a.via})`)),
  line(AppointmentCheckedInV1, (a) => appointment(a, 'Checked in')),
  line(AppointmentCompletedV1, (a) => appointment(a, 'Visit completed, checked out')),
  ...[AppointmentCancelledV1, AppointmentCancelledV2].map((definition) => line(definition, (a: AppointmentCancelledData) => appointment(a, `Appointment cancelled by the ${a.party ?? 'clinic'}`))),
  line(AppointmentNoShowV1, (a) => appointment(a, 'Did not come (no-show)')),
  line(AppointmentRescheduledV1, (a: AppointmentRescheduledData) => appointment(a, `Appointment moved from ${a.previousStart} to ${a.start}`)),
  line(NotificationSentV1, (m: NotificationSentData) => message(m, `sent by ${m.channel}`)),
  line(NotificationFailedV1, (m) => message(m, 'could not be delivered')),
  line(NotificationSkippedV1, (m) => message(m, 'not sent')),
];

/** An event of patient-records without a line: kept under its patient, summarised from its type. */
export function describeGeneric(event: EventEnvelope): TimelineDraft | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const patientId = typeof data.patientId === 'string' ? data.patientId : event.subject;
  if (!patientId) return null;
  const [area, ...what] = event.type.split('.');
  const refKey = Object.keys(data).find((k) => k !== 'patientId' && k !== 'siteId' && /Id$/.test(k) && typeof data[k] === 'string');
  return { patientId, kind: area, summary: `${capitalize(words(area))}: ${words(what.join(' ')) || 'recorded'}`, refId: refKey ? (data[refKey] as string) : undefined };
}

/** The entries an event makes (none for an event that is not about a patient). */
export function describe(event: EventEnvelope): TimelineDraft[] {
  const key = eventKey(event);
  const source = TIMELINE_EVENTS.find((s) => eventKey(s.definition) === key);
  const generic = !source && findEvent(event.type, event.version)?.producer === 'patient-records';
  const drafts = source ? (source.describe as Describe<unknown>)(event.data, event as EventEnvelope<unknown>) : generic ? describeGeneric(event) : null;
  return (Array.isArray(drafts) ? drafts : drafts ? [drafts] : []).filter((d) => !!d.patientId);
}

/** Every event the timeline consumes: those with a line, and every other event patient-records produces. */
export function timelineEvents(): EventDefinition[] {
  const keys = new Set(TIMELINE_EVENTS.map((s) => eventKey(s.definition)));
  return [...TIMELINE_EVENTS.map((s) => s.definition), ...allEvents().filter((d) => d.producer === 'patient-records' && !keys.has(eventKey(d)))];
}

function words(s: string): string {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .toLowerCase()
    .trim();
}
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One page, newest first: entries strictly before `before` (all when absent), at most `limit`, and where the next page starts. */
export function pageOf<T extends { _id: string; occurredAt: Date }>(entries: T[], before: Date | undefined, limit: number): { items: T[]; nextBefore?: Date } {
  const sorted = entries
    .filter((e) => !before || e.occurredAt.getTime() < before.getTime())
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0));
  const items = sorted.slice(0, limit);
  return { items, nextBefore: sorted.length > limit ? items[items.length - 1].occurredAt : undefined };
}

/** Timeline kinds that retell a clinical entry, and the policy that reads the entry itself. */
const CLINICAL_LINE_POLICIES: Record<string, readonly Role[]> = {
  allergy: Policies.readClinical,
  medication: Policies.readClinical,
  vitals: Policies.readClinical,
  problem: Policies.readProblemList,
};

/**
 * Whether a caller of these roles sees a timeline line of this kind: a line that retells a clinical
 * entry (an allergy's severity, a problem's ICD-10-CM code, which vital signs were taken) only for
 * who may read that entry; the timeline is no way around the clinical policies.
 */
export function mayReadTimelineKind(roles: readonly string[], kind: string): boolean {
  const policy = CLINICAL_LINE_POLICIES[kind];
  return !policy || roles.some((r) => policy.includes(r as Role));
}
