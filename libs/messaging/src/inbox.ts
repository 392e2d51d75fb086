import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { isDuplicateKeyError } from '@clinic-flow/platform';

interface InboxRecord {
  _id: string;
  type: string;
  handledAt: Date;
}

const InboxSchema = new Schema<InboxRecord>({ _id: String, type: String, handledAt: Date }, { versionKey: false });

/**
 * Ids of the events a consumer group has handled, so a redelivered or duplicated event is skipped.
 * Handlers are also written to be idempotent on their own, which covers a crash between handling
 * and recording here.
 */
export class Inbox {
  private readonly model: Model<InboxRecord>;

  constructor(connection: Connection, private readonly consumerGroup: string) {
    this.model = connection.model<InboxRecord>('InboxRecord', InboxSchema, 'inbox');
  }

  private key(eventId: string): string {
    return `${this.consumerGroup}:${eventId}`;
  }

  async seen(eventId: string): Promise<boolean> {
    return (await this.model.exists({ _id: this.key(eventId) })) !== null;
  }

  async record(eventId: string, type: string): Promise<void> {
    try {
      await this.model.create({ _id: this.key(eventId), type, handledAt: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
