/*
 * Which patients an answer shows, read from the answer itself so a route cannot forget to say:
 * every `patientId` member, FHIR references to `Patient/<id>` and Patient resources, and, for
 * routes whose answer is a patient (or a list of them), its `id`.
 */

/** How the patients of a route's answer are found beyond the generic members. */
export type PatientSubject = 'patient' | 'embedded';

const MAX_NODES = 20_000;

/** The patient ids an answer body shows (deduplicated, in the order found). */
export function patientIdsIn(body: unknown, subject: PatientSubject = 'embedded'): string[] {
  const found = new Set<string>();
  if (subject === 'patient' && body && typeof body === 'object') {
    const b = body as { id?: unknown; items?: unknown };
    if (typeof b.id === 'string') found.add(b.id);
    if (Array.isArray(b.items)) for (const item of b.items) if (typeof (item as { id?: unknown })?.id === 'string') found.add((item as { id: string }).id);
  }
  let budget = MAX_NODES;
  const visit = (value: unknown, depth: number): void => {
    if (budget-- <= 0 || depth > 12 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj.patientId === 'string') found.add(obj.patientId);
    if (obj.resourceType === 'Patient' && typeof obj.id === 'string') found.add(obj.id);
    if (typeof obj.reference === 'string' && obj.reference.startsWith('Patient/')) found.add(obj.reference.slice('Patient/'.length));
    for (const [key, member] of Object.entries(obj)) if (key !== 'reference' && typeof member === 'object') visit(member, depth + 1);
  };
  visit(body, 0);
  return [...found];
}

/** The patient a route names in its path: `:patientId`, or `:id` of a route under `/patients/:id`. */
export function patientIdOfRoute(route: string, params: Record<string, string>): string | undefined {
  if (params.patientId) return params.patientId;
  if (params.id && /^\/?patients\/:id(\/|$)/.test(route)) return params.id;
  return undefined;
}
