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
  /**
   * Merge two records of one person, undo a merge, read the merge history: office managers only.
   * A wrong merge shows one person's visits and messages to another, so the desk reports a
   * duplicate and a manager, who answers for the records of the site, decides.
   */
  mergePatients: ['office-manager'] as Role[],
  /** A patient's timeline (appointments, messages, documents, clinical entries, changes): the desk and clinical staff, not billing. */
  readPatientTimeline: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
} satisfies Record<string, Role[]>;
