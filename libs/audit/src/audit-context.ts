import { AsyncLocalStorage } from 'node:async_hooks';

/** A patient opened by breaking the glass, as the access seam reports it. */
export interface BreakGlassNote {
  reason: string;
  at: string;
}

/**
 * What one audited request learned while it ran: the patients it reached (noted by the access
 * seams and list routes) and any glass broken to reach them.
 */
export class AuditNotes {
  readonly patientIds = new Set<string>();
  readonly breakGlass = new Map<string, BreakGlassNote>();
  /** Set once the request's entry is written (a streaming route writes it before the bytes go). */
  recorded = false;
  /** Writes the request's entry now (set by the interceptor; see recordBeforeSending). */
  flush?: () => Promise<void>;

  notePatient(patientId: string, breakGlass?: BreakGlassNote): void {
    this.patientIds.add(patientId);
    if (breakGlass) this.breakGlass.set(patientId, breakGlass);
  }
}

const storage = new AsyncLocalStorage<AuditNotes>();

/**
 * The audit notes of the request being handled. Outside a request (an event consumer, a timer:
 * service actions, not user accesses) there are none and noting does nothing.
 */
export const auditContext = {
  run<T>(notes: AuditNotes, fn: () => T): T {
    return storage.run(notes, fn);
  },
  current(): AuditNotes | undefined {
    return storage.getStore();
  },
  /** Notes that this request reached a patient (and how, when the glass was broken). */
  notePatient(patientId: string, breakGlass?: BreakGlassNote): void {
    storage.getStore()?.notePatient(patientId, breakGlass);
  },
  /**
   * For a route that sends its answer itself (a streamed download): writes the request's entry
   * now, before the first byte leaves; throws 503 AUDIT.UNAVAILABLE when it cannot be written.
   */
  async recordBeforeSending(): Promise<void> {
    await storage.getStore()?.flush?.();
  },
  /** Notes the patients a list or search shows. */
  notePatients(patientIds: Iterable<string>): void {
    const notes = storage.getStore();
    if (notes) for (const id of patientIds) notes.notePatient(id);
  },
};
