/*
 * Who may see a patient: the care-relationship boundary, as pure rules (no Nest, no I/O). A member
 * of staff sees a patient who is registered at, or has had an appointment or visit at, one of their
 * sites; a user who works at every site of the network sees every patient; anyone else sees the
 * patient only through an unexpired break-the-glass access of their own. Everyone else is told the
 * patient does not exist (404 PATIENT.NOT_FOUND), exactly as for an id that was never issued.
 * PatientAccess (patient-access.ts) applies these rules; search and the duplicate check use them
 * through the index's filter.
 */

/** What the rules need of a patient: where they are registered and where they have been cared for. */
export interface CareSubject {
  registeredAtSiteId: string;
  /** Sites with an appointment or visit of the patient (and of records merged into it); only ever grows. */
  careSiteIds?: readonly string[];
}

/** What the rules need of the caller: which sites they work at (a SiteScope is one). */
export interface CareViewer {
  covers(siteId: string): boolean;
}

/** How the caller came to see the patient; `none`: they do not (404). */
export type CareAccess = 'care-relationship' | 'network-wide' | 'break-glass' | 'none';

/** The sites a patient is in a care relationship with: the registering site, then every care site, each once. */
export function patientSites(patient: CareSubject): string[] {
  return [...new Set([patient.registeredAtSiteId, ...(patient.careSiteIds ?? [])])];
}

/**
 * Whether the user works at every site of the network. An empty network (the sites are not known
 * yet, right after a first start) makes nobody network-wide: the care relationship still applies.
 */
export function isNetworkWide(viewer: CareViewer, networkSiteIds: readonly string[]): boolean {
  return networkSiteIds.length > 0 && networkSiteIds.every((siteId) => viewer.covers(siteId));
}

/** Whether the viewer works at one of the patient's sites. */
export function inCareRelationship(viewer: CareViewer, patient: CareSubject): boolean {
  return patientSites(patient).some((siteId) => viewer.covers(siteId));
}

/**
 * How (and whether) the viewer sees the patient. `breakGlassUntil` is the end of the viewer's latest
 * break-the-glass access to this patient, if any; it counts only before that instant.
 */
export function careAccess(input: { viewer: CareViewer; patient: CareSubject; networkSiteIds: readonly string[]; breakGlassUntil?: Date | null; now: Date }): CareAccess {
  if (inCareRelationship(input.viewer, input.patient)) return 'care-relationship';
  if (isNetworkWide(input.viewer, input.networkSiteIds)) return 'network-wide';
  if (input.breakGlassUntil && input.breakGlassUntil.getTime() > input.now.getTime()) return 'break-glass';
  return 'none';
}

/**
 * The care sites after a visit at `siteId`: null when nothing changes (the registering site, or a
 * site already there), so a redelivered or repeated event writes nothing.
 */
export function careSitesAfterVisit(patient: CareSubject, siteIds: readonly string[]): string[] | null {
  const known = new Set(patientSites(patient));
  const added = [...new Set(siteIds)].filter((siteId) => siteId && !known.has(siteId));
  return added.length ? [...(patient.careSiteIds ?? []), ...added] : null;
}

/** The shortest reason accepted for breaking the glass: a word or two is not a reason. */
export const BREAK_GLASS_MIN_REASON = 10;

/** What is wrong with a break-the-glass reason, or null when it will do. */
export function breakGlassReasonProblem(reason: unknown): string | null {
  if (typeof reason !== 'string' || reason.trim().length < BREAK_GLASS_MIN_REASON) {
    return `Say why you need this record (at least ${BREAK_GLASS_MIN_REASON} characters).`;
  }
  return null;
}

/** When a break-the-glass access that starts at `at` ends. */
export function breakGlassUntil(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}
