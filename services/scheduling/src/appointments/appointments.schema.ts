import { Schema } from 'mongoose';
import { AppointmentStatus, APPOINTMENT_STATUSES } from '@clinic-flow/contracts';
import { OutboxDocumentFields, outboxFields, withOutboxIndexes } from '@clinic-flow/messaging';

export interface AppointmentRecord extends OutboxDocumentFields {
  _id: string;
  patientId: string;
  providerId: string;
  siteId: string;
  start: Date;
  end: Date;
  durationMinutes: number;
  reason: string;
  status: AppointmentStatus;
  bookedBy: string;
  cancellation?: { reason: string; cancelledBy: string; cancelledAt: Date };
  createdAt: Date;
  updatedAt: Date;
}

export const AppointmentSchema = withOutboxIndexes(
  new Schema<AppointmentRecord>(
    {
      _id: String,
      patientId: { type: String, required: true, index: true },
      providerId: { type: String, required: true },
      siteId: { type: String, required: true },
      start: { type: Date, required: true },
      end: { type: Date, required: true },
      durationMinutes: { type: Number, required: true },
      reason: { type: String, required: true },
      status: { type: String, enum: APPOINTMENT_STATUSES, required: true },
      bookedBy: { type: String, required: true },
      cancellation: { type: { reason: String, cancelledBy: String, cancelledAt: Date }, _id: false, default: undefined },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      ...outboxFields,
    },
    { versionKey: false },
  ),
).index({ providerId: 1, start: 1 });

/** One occupied grid cell of a resource; the unique _id is what makes double-booking impossible. */
export interface SlotClaimRecord {
  _id: string;
  appointmentId: string;
  createdAt: Date;
}

export const SlotClaimSchema = new Schema<SlotClaimRecord>(
  { _id: String, appointmentId: { type: String, required: true, index: true }, createdAt: { type: Date, required: true } },
  { versionKey: false },
);
