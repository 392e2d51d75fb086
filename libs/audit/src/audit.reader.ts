import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION, SERVICE_NAME, unprocessable } from '@clinic-flow/platform';
import { AuditEntry, ChainReport, verifyChains } from './chain';
import { AUDIT_COLLECTION } from './audit.writer';

/** Where a page of a listing ends: the (at, _id) of its last entry, newest first. */
export interface AuditCursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string | undefined): AuditCursor | undefined {
  if (!text) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    // falls through to the refusal
  }
  // Well-formed (the API's pattern refuses anything else with a 400) but naming no position of ours: 422.
  throw unprocessable('AUDIT.CURSOR_INVALID', 'The paging cursor is not one this service gave out.');
}

/** A service's audit entries as read back: a patient's accesses, and the check of every chain. */
@Injectable()
export class AuditReader {
  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    @Inject(SERVICE_NAME) readonly service: string,
  ) {}

  private collection(name = AUDIT_COLLECTION): Collection<AuditEntry> {
    return this.connection.collection<AuditEntry>(name) as unknown as Collection<AuditEntry>;
  }

  /**
   * Entries that name any of `patientIds`, newest first, `limit` of them after `before`. A scan of
   * the collection on FerretDB (no secondary indexes); indexed on MongoDB (patientIds, at).
   */
  async byPatients(patientIds: string[], limit: number, before?: AuditCursor): Promise<AuditEntry[]> {
    const filter: Record<string, unknown> = { patientIds: { $in: patientIds } };
    if (before) filter.$or = [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.id } }];
    return this.collection()
      .find(filter as never)
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .toArray();
  }

  /** Every chain of the service's audit collection, checked. */
  async verify(): Promise<{ service: string; collection: string; ok: boolean; chains: ChainReport[] }> {
    const entries = await this.collection().find({}).toArray();
    const chains = verifyChains(entries);
    return { service: this.service, collection: AUDIT_COLLECTION, ok: chains.every((c) => c.ok), chains };
  }
}
