import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Schema } from 'mongoose';
import { Channel, CHANNELS } from '@clinic-flow/contracts';
import { DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';

/**
 * Whether a patient's communication consent for one channel is revoked, from patient-records'
 * consent events; `_id` = `<patientId>:<channel>`. Kept apart from the contact copy: a revoked
 * consent is not the patient's opt-out preference, and each has its own source and time.
 */
export interface ChannelConsentRecord {
  _id: string;
  patientId: string;
  channel: Channel;
  revoked: boolean;
  /** When patient-records signed or revoked it: an older event never overwrites a newer state. */
  asOf: Date;
}

const ChannelConsentSchema = new Schema<ChannelConsentRecord>(
  { _id: String, patientId: String, channel: { type: String, enum: CHANNELS }, revoked: Boolean, asOf: Date },
  { versionKey: false },
);

/** The only code that touches the channel_consents collection. */
@Injectable()
export class ChannelConsentsRepository {
  private readonly consents: ProjectionStore<ChannelConsentRecord>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks) {
    this.consents = new ProjectionStore<ChannelConsentRecord>(connection, locks, { name: 'ChannelConsent', collection: 'channel_consents', schema: ChannelConsentSchema });
  }

  /** Records a signature (revoked=false) or revocation; a redelivered or older event changes nothing. */
  apply(patientId: string, channel: Channel, revoked: boolean, asOf: Date): Promise<boolean> {
    return this.consents.upsertIfNewer({ _id: `${patientId}:${channel}`, patientId, channel, revoked, asOf });
  }

  /** The channels whose communication consent this patient revoked (one read by _id per channel). */
  async revokedChannels(patientId: string): Promise<Channel[]> {
    const rows = await this.consents.findMany(CHANNELS.map((channel) => `${patientId}:${channel}`));
    return [...rows.values()].filter((r) => r.revoked).map((r) => r.channel);
  }
}
