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
} satisfies Record<string, Role[]>;
