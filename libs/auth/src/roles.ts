/** The positions of a medical office (see shared/seeds), as roles. */
export const ROLES = [
  'physician',
  'physician-assistant',
  'nurse-practitioner',
  'registered-nurse',
  'medical-assistant',
  'receptionist',
  'billing-coder',
  'office-manager',
] as const;
export type Role = (typeof ROLES)[number];

const PROVIDERS: Role[] = ['physician', 'physician-assistant', 'nurse-practitioner'];
const CLINICAL: Role[] = [...PROVIDERS, 'registered-nurse', 'medical-assistant'];
const FRONT_DESK: Role[] = ['receptionist', 'medical-assistant', 'office-manager'];

/**
 * Who may do what, declared once and used by the gateway (the public edge) and by each service
 * (defence in depth), so the two can never disagree.
 */
export const Policies = {
  /** Reference data: sites, providers. */
  readDirectory: [...ROLES],
  registerPatient: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  readPatient: [...ROLES],
  bookAppointment: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  cancelAppointment: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  readAppointment: [...ROLES],
  readNotifications: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** Sites' hours and closures, providers, rooms, appointment types, availability templates and exceptions. */
  manageSchedule: ['office-manager'] as Role[],
  /** Open slots, first available, day views. */
  searchSlots: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  readDayView: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** Confirm, check in, check out, reschedule, mark no-show. */
  updateAppointment: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** Book over another appointment or outside availability, with a recorded reason. */
  overbook: ['office-manager'] as Role[],
  manageWaitlist: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** A patient's contact details and communication preferences (channel, language, opt-outs). */
  updatePatientContact: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  /** Which reminders go out when, per site or appointment type; quiet hours. */
  manageReminderPolicy: ['office-manager'] as Role[],
  /** Find patients by name, date of birth, phone, MRN or email (billing looks patients up too). */
  searchPatients: [...ROLES],
  /** Names, date of birth, sex and gender identity, address, phones, emergency contact, guarantor. */
  updatePatientDemographics: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  /** Likely duplicates of a patient about to be registered (the registration screen, while typing). */
  checkPatientDuplicates: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
} satisfies Record<string, Role[]>;
