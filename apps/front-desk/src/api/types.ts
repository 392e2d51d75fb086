/** The shapes of the API answers this app reads (libs/contracts/src/api, as JSON). */
import type { Role } from '@clinic-flow/auth/roles';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  siteIds: string[];
}

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export interface SecondFactorChallenge {
  secondFactor: 'totp';
  enrolled: boolean;
  challengeToken: string;
}

export interface Site {
  id: string;
  name: string;
  timeZone: string;
}

export interface Provider {
  id: string;
  name: string;
  role: string;
  siteIds: string[];
  active?: boolean;
}

export interface AppointmentType {
  id: string;
  name: string;
  durationMinutes: number;
}

export interface List<T> {
  items: T[];
  total?: number;
}

export interface SearchHit {
  id: string;
  mrn: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  preferredName?: string;
  dateOfBirth: string;
  phone?: string;
  email?: string;
  registeredAtSiteId: string;
  score: number;
}

export interface Patient {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone?: string;
  email?: string;
  preferredChannel: 'sms' | 'email';
  language: 'en' | 'es';
}

export interface DuplicateCandidate {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  score: number;
  reasons: Array<{ field: string; how: string }>;
  summary: string;
}

export interface Slot {
  start: string;
  end: string;
  providerId: string;
  providerName: string;
  siteId: string;
  appointmentTypeId: string;
}

export type AppointmentStatus = 'booked' | 'confirmed' | 'checked-in' | 'completed' | 'cancelled' | 'no-show';

export interface Appointment {
  id: string;
  patientId: string;
  providerId: string;
  siteId: string;
  appointmentTypeId?: string;
  appointmentTypeName?: string;
  start: string;
  end: string;
  status: AppointmentStatus;
}

export interface DayAppointment {
  appointmentId: string;
  patientId: string;
  patientName?: string;
  patientDateOfBirth?: string;
  appointmentTypeId?: string;
  appointmentTypeName?: string;
  roomId?: string;
  start: string;
  end: string;
  status: AppointmentStatus;
}

export interface DayView {
  siteId: string;
  date: string;
  timeZone: string;
  providers: Array<{ providerId: string; providerName: string; appointments: DayAppointment[] }>;
  totals: Partial<Record<AppointmentStatus, number>>;
}

/** Lists answer `{items, ...}`; a few older routes answer a bare array. */
export function itemsOf<T>(answer: List<T> | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}
