import { Injectable } from '@nestjs/common';
import { Schema, type Connection, type Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import type { SessionState } from './sessions.rules';

/** One sign-in: the hashes of its refresh tokens (the current one and those already used). */
export interface SessionRecord extends SessionState {
  _id: string;
  userId: string;
  createdAt: Date;
  lastRefreshedAt?: Date;
}

const SessionSchema = new Schema<SessionRecord>(
  {
    _id: String,
    userId: { type: String, required: true },
    currentHash: { type: String, required: true },
    usedHashes: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastRefreshedAt: Date,
    revokedAt: Date,
    revokedReason: String,
  },
  { versionKey: false },
);

/**
 * Sessions (refresh-token families) in the gateway's database. Rotation is one conditional update
 * of the session document (only if the presented hash is still current and the session is not
 * revoked), so of two refreshes with the same token one wins and the other is seen as a reuse.
 */
@Injectable()
export class SessionsRepository {
  private readonly sessions: Model<SessionRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
  ) {
    this.sessions = connection.model<SessionRecord>('Session', SessionSchema, 'sign_in_sessions');
  }

  async open(session: SessionRecord): Promise<void> {
    await this.sessions.create(session);
  }

  find(id: string): Promise<SessionRecord | null> {
    return this.sessions.findById(id).lean<SessionRecord>();
  }

  /** Retires `fromHash` for `toHash`; false when it was no longer current (someone else used it first). */
  rotate(id: string, fromHash: string, toHash: string, now: Date): Promise<boolean> {
    return this.locks.forDocument(this.sessions, id, async () => {
      const res = await this.sessions.updateOne(
        { _id: id, currentHash: fromHash, revokedAt: null },
        { $set: { currentHash: toHash, lastRefreshedAt: now }, $push: { usedHashes: fromHash } },
      );
      return res.modifiedCount === 1;
    });
  }

  /** Ends a session; a second call keeps the first reason. */
  revoke(id: string, reason: string, now: Date): Promise<void> {
    return this.locks.forDocument(this.sessions, id, async () => {
      await this.sessions.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: now, revokedReason: reason } });
    });
  }
}
