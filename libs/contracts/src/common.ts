export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'checked-in', 'completed', 'cancelled', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** ISO-8601 date (no time) as used for dates of birth. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Who cancelled: the patient (asked to) or the clinic (provider sick, closure...). */
export const CANCELLING_PARTIES = ['patient', 'clinic'] as const;
export type CancellingParty = (typeof CANCELLING_PARTIES)[number];

/** Languages patient messages are written in (templates exist for each). */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Roles of the people who see patients (appointment types say which may take them). */
export const PROVIDER_ROLES = ['physician', 'physician-assistant', 'nurse-practitioner', 'registered-nurse'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];

/** How a patient answered a message: through the signed link or by SMS reply keyword. */
export const RESPONSE_VIAS = ['link', 'sms'] as const;
export type ResponseVia = (typeof RESPONSE_VIAS)[number];
