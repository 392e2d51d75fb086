import { Schema } from 'mongoose';
import { PATIENT_RESPONSE_ACTIONS, RESPONSE_VIAS, ResponseVia } from '@clinic-flow/contracts';
import type { LinkAction } from '../messages/response-links.rules';

/**
 * A patient's answer to a message; its event (`patient-response.received`, or
 * `patient-response.offer-accepted` for a waitlist offer) lives in its outbox.
 */
export interface PatientResponseRecord {
  _id: string;
  /** Counts writes; the aggregate store's compare-and-set. */
  version: number;
  /** Confirm / cancel: the appointment. */
  appointmentId?: string;
  /** Accept-offer: the waitlist offer. */
  offerId?: string;
  patientId: string;
  siteId: string;
  messageId: string;
  action: LinkAction;
  via: ResponseVia;
  receivedAt: Date;
}

export const PatientResponseSchema = new Schema<PatientResponseRecord>(
  {
    _id: String,
    appointmentId: String,
    offerId: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    messageId: { type: String, required: true },
    action: { type: String, enum: [...PATIENT_RESPONSE_ACTIONS, 'accept-offer'], required: true },
    via: { type: String, enum: RESPONSE_VIAS, required: true },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
