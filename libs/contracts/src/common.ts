export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'checked-in', 'completed', 'cancelled', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** ISO-8601 date (no time) as used for dates of birth. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
