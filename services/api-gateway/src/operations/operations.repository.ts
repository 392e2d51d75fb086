import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Schema, type Connection, type Model } from 'mongoose';
import { InjectConnection } from '@clinic-flow/platform';

/** What operators did to one dead letter (its messages stay in Kafka; this is the decision about them). */
export interface DeadLetterState {
  _id: string;
  status: 'replayed' | 'discarded';
  /** Absent until the first replay. */
  replays?: Array<{ at: Date; by: string; corrected: string[]; actionId: string }>;
  discarded?: { at: Date; by: string; reason: string; actionId: string };
}

/** One audited action of the console: who did what to which dead letter or job, and the outcome. */
export interface OperationsAction {
  _id: string;
  at: Date;
  by: { userId: string; email?: string };
  action: 'replay' | 'discard' | 'retry-job';
  target: string;
  reason?: string;
  /** Field paths a replay corrected (never their values: they may be patient data). */
  corrected?: string[];
  outcome: 'done' | 'refused';
  detail?: string;
  correlationId?: string;
}

const StateSchema = new Schema<DeadLetterState>(
  { _id: String, status: { type: String, required: true }, replays: [{ _id: false, at: Date, by: String, corrected: [String], actionId: String }], discarded: { at: Date, by: String, reason: String, actionId: String } },
  { versionKey: false },
);

const ActionSchema = new Schema<OperationsAction>(
  {
    _id: String,
    at: { type: Date, required: true },
    by: { userId: String, email: String },
    action: { type: String, required: true },
    target: { type: String, required: true },
    reason: String,
    corrected: { type: [String], default: undefined },
    outcome: { type: String, required: true },
    detail: String,
    correlationId: String,
  },
  { versionKey: false },
);

/**
 * The console's decisions and its audit log, in the gateway's database. Actions are written once
 * and never changed; their `_id` starts with the time, so reading them newest first is a sort by id.
 */
@Injectable()
export class OperationsRepository {
  private readonly states: Model<DeadLetterState>;
  private readonly actions: Model<OperationsAction>;

  constructor(@InjectConnection() connection: Connection) {
    this.states = connection.model<DeadLetterState>('OpsDeadLetterState', StateSchema, 'ops_dead_letters');
    this.actions = connection.model<OperationsAction>('OpsAction', ActionSchema, 'ops_actions');
  }

  async allStates(): Promise<Map<string, DeadLetterState>> {
    const rows = await this.states.find({}).lean<DeadLetterState[]>();
    return new Map(rows.map((r) => [r._id, r]));
  }

  state(key: string): Promise<DeadLetterState | null> {
    return this.states.findById(key).lean<DeadLetterState>();
  }

  async recordAction(action: Omit<OperationsAction, '_id' | 'at'>): Promise<OperationsAction> {
    const at = new Date();
    const doc: OperationsAction = { _id: `${at.toISOString()}-${randomUUID()}`, at, ...action };
    await this.actions.create(doc);
    return doc;
  }

  async recordReplay(key: string, replay: NonNullable<DeadLetterState['replays']>[number]): Promise<void> {
    await this.states.updateOne({ _id: key }, { $set: { status: 'replayed' }, $push: { replays: replay } }, { upsert: true });
  }

  async recordDiscard(key: string, discarded: NonNullable<DeadLetterState['discarded']>): Promise<void> {
    await this.states.updateOne({ _id: key }, { $set: { status: 'discarded', discarded } }, { upsert: true });
  }

  async recentActions(limit: number, target?: string): Promise<OperationsAction[]> {
    return this.actions
      .find(target ? { target } : {})
      .sort({ _id: -1 })
      .limit(limit)
      .lean<OperationsAction[]>();
  }
}
