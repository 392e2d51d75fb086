import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';
import type { CoverageOrder, SubscriberRelationship } from '@clinic-flow/contracts';

export interface SubscriberRecord {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

/**
 * A patient's insurance coverage. Network-wide as a document: who may see it is the patient's care
 * relationship, asked of patient-records on every call. Subscriber, member and group numbers are
 * patient data, stored sealed.
 */
export interface CoverageRecord extends AggregateRoot {
  patientId: string;
  payerId: string;
  planId: string;
  order: CoverageOrder;
  relationship: SubscriberRelationship;
  subscriber?: SubscriberRecord;
  memberId: string;
  groupNumber?: string;
  effectiveDate: string;
  terminationDate?: string;
  cardFrontDocumentId?: string;
  cardBackDocumentId?: string;
  createdBy: string;
  createdAt?: Date;
}

export const CoverageSchema = new Schema<CoverageRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    payerId: { type: String, required: true },
    planId: { type: String, required: true },
    order: { type: String, required: true },
    relationship: { type: String, required: true },
    subscriber: { type: new Schema<SubscriberRecord>({ firstName: String, lastName: String, dateOfBirth: String }, { _id: false }), default: undefined },
    memberId: { type: String },
    groupNumber: { type: String, default: undefined },
    effectiveDate: { type: String, required: true },
    terminationDate: { type: String, default: undefined },
    cardFrontDocumentId: { type: String, default: undefined },
    cardBackDocumentId: { type: String, default: undefined },
    createdBy: { type: String, required: true },
  },
  { versionKey: false, timestamps: true },
);
