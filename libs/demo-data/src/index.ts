/*
 * The demo clinic network that `npm start` seeds: two sites with opening hours and holidays, their
 * rooms, providers and weekly templates, the appointment types, a virtual urgent-care provider
 * bookable around the clock, and one user per role (<role>@demo.clinic). Each owning service
 * seeds its own part, idempotently.
 */
import type { Role } from '@clinic-flow/auth';

export interface DemoSite {
  id: string;
  name: string;
  timeZone: string;
  address: string;
  phone: string;
  /** Per ISO weekday (1 = Monday), `HH:mm` in the site's zone. */
  openingHours: Array<{ weekday: number; open: string; close: string }>;
  closures: Array<{ date: string; reason: string }>;
}

type ProviderRole = Extract<Role, 'physician' | 'physician-assistant' | 'nurse-practitioner' | 'registered-nurse'>;

export interface DemoProvider {
  id: string;
  name: string;
  role: ProviderRole;
  specialty: string;
  siteIds: string[];
  /** Telehealth only. */
  virtual?: boolean;
}

export interface DemoRoom {
  id: string;
  siteId: string;
  name: string;
  kind: 'exam' | 'procedure';
}

export interface DemoAppointmentType {
  id: string;
  name: string;
  durationMinutes: number;
  bufferAfterMinutes: number;
  providerRoles: ProviderRole[];
  telehealth: boolean;
  patientCategory: 'new' | 'follow-up' | 'any';
  roomKind?: string;
  minLeadMinutes: number;
  maxHorizonDays: number;
  recallIntervalMonths?: number;
}

/** A weekly template of one provider at one site: sessions in the site's zone. */
export interface DemoTemplate {
  providerId: string;
  siteId: string;
  sessions: Array<{ weekday: number; start: string; end: string; appointmentTypeIds?: string[] }>;
}

export interface DemoUser {
  email: string;
  name: string;
  roles: Role[];
  siteIds: string[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** US federal holidays (observed) the demo sites close on. */
const US_HOLIDAYS_2026_2027 = [
  { date: '2026-01-01', reason: "New Year's Day" },
  { date: '2026-01-19', reason: 'Martin Luther King Jr. Day' },
  { date: '2026-05-25', reason: 'Memorial Day' },
  { date: '2026-07-03', reason: 'Independence Day (observed)' },
  { date: '2026-09-07', reason: 'Labor Day' },
  { date: '2026-11-26', reason: 'Thanksgiving Day' },
  { date: '2026-12-25', reason: 'Christmas Day' },
  { date: '2027-01-01', reason: "New Year's Day" },
  { date: '2027-01-18', reason: 'Martin Luther King Jr. Day' },
  { date: '2027-05-31', reason: 'Memorial Day' },
  { date: '2027-07-05', reason: 'Independence Day (observed)' },
  { date: '2027-09-06', reason: 'Labor Day' },
  { date: '2027-11-25', reason: 'Thanksgiving Day' },
  { date: '2027-12-24', reason: 'Christmas Day (observed)' },
];

export const DEMO_SITES: DemoSite[] = [
  {
    id: 'site-downtown',
    name: 'Downtown Family Clinic',
    timeZone: 'America/New_York',
    address: '120 Main St, Springfield',
    phone: '+15550100100',
    openingHours: [...WEEKDAYS.map((weekday) => ({ weekday, open: '08:00', close: '18:00' })), { weekday: 6, open: '09:00', close: '13:00' }],
    closures: US_HOLIDAYS_2026_2027,
  },
  {
    id: 'site-riverside',
    name: 'Riverside Medical Center',
    timeZone: 'America/Chicago',
    address: '45 River Rd, Riverside',
    phone: '+15550100200',
    openingHours: WEEKDAYS.map((weekday) => ({ weekday, open: '07:30', close: '17:30' })),
    closures: US_HOLIDAYS_2026_2027,
  },
];

const BOTH = DEMO_SITES.map((s) => s.id);

export const DEMO_PROVIDERS: DemoProvider[] = [
  { id: 'prov-ana-ruiz', name: 'Dr. Ana Ruiz', role: 'physician', specialty: 'Family medicine', siteIds: ['site-downtown'] },
  { id: 'prov-ben-okafor', name: 'Ben Okafor, PA-C', role: 'physician-assistant', specialty: 'Family medicine', siteIds: BOTH },
  { id: 'prov-chloe-martin', name: 'Chloe Martin, NP', role: 'nurse-practitioner', specialty: 'Pediatrics', siteIds: ['site-riverside'] },
  { id: 'prov-david-kim', name: 'Dr. David Kim', role: 'physician', specialty: 'Internal medicine', siteIds: ['site-riverside'] },
  { id: 'prov-erin-walsh', name: 'Erin Walsh, RN', role: 'registered-nurse', specialty: 'Chronic care', siteIds: ['site-downtown'] },
  /** Bookable for `urgent-care` by telehealth at any hour, so the whole flow can be tried by hand at any time. */
  { id: 'prov-urgent-care', name: 'Virtual Urgent Care', role: 'physician', specialty: 'Urgent care', siteIds: BOTH, virtual: true },
];

export const DEMO_ROOMS: DemoRoom[] = [
  { id: 'room-downtown-exam-1', siteId: 'site-downtown', name: 'Exam 1', kind: 'exam' },
  { id: 'room-downtown-exam-2', siteId: 'site-downtown', name: 'Exam 2', kind: 'exam' },
  { id: 'room-downtown-exam-3', siteId: 'site-downtown', name: 'Exam 3', kind: 'exam' },
  { id: 'room-downtown-procedure', siteId: 'site-downtown', name: 'Procedure room', kind: 'procedure' },
  { id: 'room-riverside-exam-1', siteId: 'site-riverside', name: 'Exam 1', kind: 'exam' },
  { id: 'room-riverside-exam-2', siteId: 'site-riverside', name: 'Exam 2', kind: 'exam' },
  { id: 'room-riverside-exam-3', siteId: 'site-riverside', name: 'Exam 3', kind: 'exam' },
  { id: 'room-riverside-procedure', siteId: 'site-riverside', name: 'Procedure room', kind: 'procedure' },
];

const CLINICIANS: ProviderRole[] = ['physician', 'physician-assistant', 'nurse-practitioner'];

/** Other helpers' tests and the README rely on these ids. */
export const DEMO_APPOINTMENT_TYPES: DemoAppointmentType[] = [
  { id: 'new-patient', name: 'New patient visit', durationMinutes: 45, bufferAfterMinutes: 15, providerRoles: CLINICIANS, telehealth: false, patientCategory: 'new', roomKind: 'exam', minLeadMinutes: 24 * 60, maxHorizonDays: 180 },
  { id: 'follow-up', name: 'Follow-up visit', durationMinutes: 20, bufferAfterMinutes: 0, providerRoles: CLINICIANS, telehealth: false, patientCategory: 'follow-up', roomKind: 'exam', minLeadMinutes: 60, maxHorizonDays: 180 },
  { id: 'annual-physical', name: 'Annual physical', durationMinutes: 40, bufferAfterMinutes: 5, providerRoles: CLINICIANS, telehealth: false, patientCategory: 'any', roomKind: 'exam', minLeadMinutes: 24 * 60, maxHorizonDays: 365, recallIntervalMonths: 12 },
  { id: 'nurse-visit', name: 'Nurse visit', durationMinutes: 15, bufferAfterMinutes: 0, providerRoles: ['registered-nurse'], telehealth: false, patientCategory: 'any', roomKind: 'exam', minLeadMinutes: 60, maxHorizonDays: 90 },
  { id: 'telehealth-follow-up', name: 'Telehealth follow-up', durationMinutes: 20, bufferAfterMinutes: 0, providerRoles: CLINICIANS, telehealth: true, patientCategory: 'follow-up', minLeadMinutes: 30, maxHorizonDays: 90 },
  { id: 'urgent-care', name: 'Virtual urgent care', durationMinutes: 15, bufferAfterMinutes: 0, providerRoles: CLINICIANS, telehealth: true, patientCategory: 'any', minLeadMinutes: 0, maxHorizonDays: 30 },
];

const days = (weekdays: number[], start: string, end: string, appointmentTypeIds?: string[]) =>
  weekdays.map((weekday) => ({ weekday, start, end, ...(appointmentTypeIds ? { appointmentTypeIds } : {}) }));

export const DEMO_TEMPLATES: DemoTemplate[] = [
  {
    providerId: 'prov-ana-ruiz',
    siteId: 'site-downtown',
    // Wednesday afternoons are for telehealth follow-ups only.
    sessions: [...days(WEEKDAYS, '08:30', '12:00'), ...days([1, 2, 4, 5], '13:00', '17:00'), ...days([3], '13:00', '16:00', ['telehealth-follow-up'])],
  },
  { providerId: 'prov-ben-okafor', siteId: 'site-downtown', sessions: days([1, 3, 5], '09:00', '17:00') },
  { providerId: 'prov-ben-okafor', siteId: 'site-riverside', sessions: days([2, 4], '08:00', '16:00') },
  { providerId: 'prov-chloe-martin', siteId: 'site-riverside', sessions: days([1, 2, 3, 4], '08:00', '16:00') },
  { providerId: 'prov-david-kim', siteId: 'site-riverside', sessions: [...days(WEEKDAYS, '08:00', '12:00'), ...days(WEEKDAYS, '13:00', '17:00')] },
  { providerId: 'prov-erin-walsh', siteId: 'site-downtown', sessions: [...days(WEEKDAYS, '08:00', '16:00'), ...days([6], '09:00', '13:00')] },
  ...BOTH.map((siteId) => ({ providerId: 'prov-urgent-care', siteId, sessions: days([1, 2, 3, 4, 5, 6, 7], '00:00', '24:00', ['urgent-care']) })),
];

const person: Record<Role, string> = {
  physician: 'Dr. Priya Shah',
  'physician-assistant': 'Marco Diaz, PA-C',
  'nurse-practitioner': 'Grace Lee, NP',
  'registered-nurse': 'Tom Becker, RN',
  'medical-assistant': 'Lena Novak',
  receptionist: 'Sam Carter',
  'billing-coder': 'Jordan Ellis',
  'office-manager': 'Rita Moreno',
  // The operations console's user (issue 13): watches the event streams, sees no patient data.
  operations: 'Noor Aziz (operations)',
};

/** Receptionist and medical assistant each work at one site, to show site scoping. */
const sitesOf: Partial<Record<Role, string[]>> = {
  receptionist: ['site-downtown'],
  'medical-assistant': ['site-riverside'],
};

export const DEMO_USERS: DemoUser[] = [
  ...(Object.keys(person) as Role[]).map((role) => ({
    email: `${role}@demo.clinic`,
    name: person[role],
    roles: [role],
    siteIds: sitesOf[role] ?? BOTH,
  })),
  // The office manager of one site: manages it, but not what is shared by the whole network.
  { email: 'riverside-manager@demo.clinic', name: 'Omar Haddad', roles: ['office-manager'], siteIds: ['site-riverside'] },
];

export const DEFAULT_DEMO_PASSWORD = 'clinic-flow-demo';

/**
 * The TOTP secret every demo user who must use a second factor (office managers, billing staff)
 * is enrolled with, so demo sign-in stays simple: add it to any authenticator app, or print the
 * current code with `node infra/run/demo-totp.js`. Production refuses demo users altogether.
 */
export const DEMO_TOTP_SECRET = 'KRUGS4ZAJFZSA5DIMUQGIZLNN4QGWZLZ';

export interface DemoPatient {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone?: string;
  email?: string;
  preferredChannel: 'email' | 'sms';
  language: 'en' | 'es';
  siteId: string;
  middleName?: string;
  preferredName?: string;
  sexAtBirth?: 'female' | 'male' | 'unknown';
  genderIdentity?: 'female' | 'male' | 'non-binary' | 'transgender-female' | 'transgender-male' | 'other' | 'asked-declined';
  address?: { line1: string; line2?: string; city: string; state: string; postalCode: string; country?: string };
  homePhone?: string;
  emergencyContact?: { name: string; relationship: 'spouse' | 'partner' | 'parent' | 'child' | 'sibling' | 'guardian' | 'grandparent' | 'friend' | 'other'; phone: string };
  guarantor?: {
    kind: 'self' | 'responsible-party';
    relationship?: 'spouse' | 'partner' | 'parent' | 'child' | 'sibling' | 'guardian' | 'grandparent' | 'friend' | 'other';
    firstName?: string;
    lastName?: string;
    dateOfBirth?: string;
    phone?: string;
    email?: string;
    address?: { line1: string; line2?: string; city: string; state: string; postalCode: string; country?: string };
  };
}

/** Patients of the demo bookings (scheduling books them by these ids; patient-records seeds them). */
export const DEMO_PATIENTS: DemoPatient[] = [
  { id: 'demo-patient-01', firstName: 'Maria', lastName: 'Lopez', dateOfBirth: '1984-03-12', phone: '+15550123401', email: 'maria.lopez@example.com', preferredChannel: 'email', language: 'es', siteId: 'site-downtown' },
  { id: 'demo-patient-02', firstName: 'James', lastName: 'Carter', dateOfBirth: '1971-11-02', phone: '+15550123402', email: 'james.carter@example.com', preferredChannel: 'sms', language: 'en', siteId: 'site-downtown' },
  { id: 'demo-patient-03', firstName: 'Aisha', lastName: 'Khan', dateOfBirth: '1992-06-25', phone: '+15550123403', email: 'aisha.khan@example.com', preferredChannel: 'email', language: 'en', siteId: 'site-downtown' },
  { id: 'demo-patient-04', firstName: 'Robert', lastName: 'Nguyen', dateOfBirth: '1958-01-30', phone: '+15550123404', email: 'robert.nguyen@example.com', preferredChannel: 'sms', language: 'en', siteId: 'site-riverside' },
  { id: 'demo-patient-05', firstName: 'Lucia', lastName: 'Fernandez', dateOfBirth: '1966-09-14', phone: '+15550123405', preferredChannel: 'sms', language: 'es', siteId: 'site-riverside' },
  { id: 'demo-patient-06', firstName: 'Emily', lastName: 'Brooks', dateOfBirth: '2001-04-08', email: 'emily.brooks@example.com', preferredChannel: 'email', language: 'en', siteId: 'site-downtown' },
];

/** Demo clinical records (patient-records' clinical feature), recorded at start when SEED_DEMO_DATA=true. */
export interface DemoClinicalRecord {
  patientId: string;
  allergies: { substance: string; reaction: string; severity: 'mild' | 'moderate' | 'severe'; notedOn?: string }[];
  /** ICD-10-CM, billable. */
  problems: { code: string; onsetDate?: string; status?: 'active' | 'resolved'; resolvedDate?: string }[];
  medications: { name: string; dose?: string; frequency?: string }[];
  vitals: { bloodPressure?: { systolic: number; diastolic: number }; pulse?: number; temperature?: { value: number; unit: string }; respiratoryRate?: number; spo2?: number; height?: { value: number; unit: string }; weight?: { value: number; unit: string } }[];
}

export const DEMO_CLINICAL: DemoClinicalRecord[] = [
  {
    patientId: 'demo-patient-04',
    allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate', notedOn: '2015-04-02' }],
    problems: [{ code: 'E11.9', onsetDate: '2016-09-01' }, { code: 'I10', onsetDate: '2012-01-15' }],
    medications: [{ name: 'Metformin', dose: '500 mg', frequency: 'twice daily' }, { name: 'Lisinopril', dose: '10 mg', frequency: 'once daily' }],
    vitals: [{ bloodPressure: { systolic: 138, diastolic: 86 }, pulse: 76, temperature: { value: 98.4, unit: 'F' }, respiratoryRate: 16, spo2: 97, height: { value: 69, unit: 'in' }, weight: { value: 201, unit: 'lb' } }],
  },
  {
    patientId: 'demo-patient-01',
    allergies: [{ substance: 'Latex', reaction: 'Contact dermatitis', severity: 'mild' }],
    problems: [{ code: 'J45.20', onsetDate: '2004-05-10' }],
    medications: [{ name: 'Albuterol inhaler', dose: '90 mcg, 2 puffs', frequency: 'as needed' }],
    vitals: [{ bloodPressure: { systolic: 118, diastolic: 74 }, pulse: 68, temperature: { value: 36.8, unit: 'C' }, spo2: 99, height: { value: 162, unit: 'cm' }, weight: { value: 61, unit: 'kg' } }],
  },
];

export interface DemoReferral {
  id: string;
  patientId: string;
  specialty: string;
  specialistName: string;
  practice?: string;
  reasonCode?: string;
  reason?: string;
  /** `created`, or `sent` that many days ago: longer than the chase window, so the desk gets a task at start. */
  sentDaysAgo?: number;
}

/** Referrals of the demo patients (patient-records seeds them): one waiting for its letter, one overdue for its appointment. */
export const DEMO_REFERRALS: DemoReferral[] = [
  { id: 'demo-referral-01', patientId: 'demo-patient-03', specialty: 'Dermatology', specialistName: 'Dr. Omar Haddad', practice: 'Springfield Skin Center', reasonCode: 'L70.0', reason: 'Acne not responding to topical treatment' },
  { id: 'demo-referral-02', patientId: 'demo-patient-01', specialty: 'Cardiology', specialistName: 'Dr. Helen Park', practice: 'Riverside Heart Associates', reasonCode: 'R00.2', reason: 'Palpitations on exertion', sentDaysAgo: 20 },
];

// ---------------------------------------------------------------------------------------------
// Patients with full demographics for the front desk's search and the duplicate check (issue 9):
// accented and hyphenated names, a child with a parent as guarantor, and near-duplicates of one
// another (a typo in the name, month and day swapped in the date of birth, first and last name
// exchanged), so `npm start` shows search and duplicate warnings on real-looking data.
// ---------------------------------------------------------------------------------------------
const NY = (line1: string, postalCode: string) => ({ line1, city: 'New York', state: 'NY', postalCode, country: 'US' });
const CHI = (line1: string, postalCode: string) => ({ line1, city: 'Chicago', state: 'IL', postalCode, country: 'US' });

export const DEMO_RECORD_PATIENTS: DemoPatient[] = [
  { id: 'demo-patient-07', firstName: 'José', middleName: 'Luis', lastName: 'Núñez', dateOfBirth: '1979-07-21', sexAtBirth: 'male', genderIdentity: 'male', phone: '+12125550107', homePhone: '+12125550170', email: 'jose.nunez@example.com', preferredChannel: 'sms', language: 'es', siteId: 'site-downtown', address: NY('210 W 14th St', '10011'), emergencyContact: { name: 'Carmen Núñez', relationship: 'spouse', phone: '+12125550171' } },
  { id: 'demo-patient-08', firstName: 'Ana', lastName: 'García-Márquez', preferredName: 'Anita', dateOfBirth: '1990-02-14', sexAtBirth: 'female', genderIdentity: 'female', phone: '+12125550108', email: 'ana.garcia@example.com', preferredChannel: 'email', language: 'es', siteId: 'site-downtown', address: NY('88 Essex St Apt 3C', '10002') },
  { id: 'demo-patient-09', firstName: 'Maria', lastName: 'Garcia', dateOfBirth: '1984-03-12', sexAtBirth: 'female', phone: '+12125550109', email: 'maria.garcia@example.com', preferredChannel: 'sms', language: 'es', siteId: 'site-downtown', address: NY('5 Clinton St', '10002') },
  // Near-duplicate of demo-patient-09: one typo in the last name, month and day swapped, same phone.
  { id: 'demo-patient-10', firstName: 'Maria', lastName: 'Garcai', dateOfBirth: '1984-12-03', sexAtBirth: 'female', phone: '+12125550109', preferredChannel: 'sms', language: 'es', siteId: 'site-downtown' },
  { id: 'demo-patient-11', firstName: 'Chloé', lastName: "O'Brien", preferredName: 'Clo', dateOfBirth: '1995-10-30', sexAtBirth: 'female', genderIdentity: 'non-binary', phone: '+12125550111', email: 'chloe.obrien@example.com', preferredChannel: 'email', language: 'en', siteId: 'site-downtown', address: NY('401 E 34th St', '10016') },
  {
    id: 'demo-patient-12',
    firstName: 'Liam',
    lastName: 'Chen',
    dateOfBirth: '2015-05-09',
    sexAtBirth: 'male',
    homePhone: '+12125550112',
    email: 'wei.chen@example.com',
    preferredChannel: 'email',
    language: 'en',
    siteId: 'site-downtown',
    address: NY('77 Mott St', '10013'),
    emergencyContact: { name: 'Wei Chen', relationship: 'parent', phone: '+12125550121' },
    guarantor: { kind: 'responsible-party', relationship: 'parent', firstName: 'Wei', lastName: 'Chen', dateOfBirth: '1983-08-17', phone: '+12125550121', email: 'wei.chen@example.com', address: NY('77 Mott St', '10013') },
  },
  { id: 'demo-patient-13', firstName: 'Zoë', lastName: 'Müller', dateOfBirth: '1988-01-05', sexAtBirth: 'female', phone: '+13125550113', email: 'zoe.muller@example.com', preferredChannel: 'email', language: 'en', siteId: 'site-riverside', address: CHI('1200 W Madison St', '60607') },
  { id: 'demo-patient-14', firstName: 'Dmitri', lastName: 'Ivanov', dateOfBirth: '1962-11-23', sexAtBirth: 'male', phone: '+13125550114', homePhone: '+13125550141', preferredChannel: 'sms', language: 'en', siteId: 'site-riverside', address: CHI('33 E Lake St', '60601'), emergencyContact: { name: 'Olga Ivanova', relationship: 'spouse', phone: '+13125550142' } },
  // Near-duplicate of demo-patient-14 at the same site: first and last name exchanged, same date of birth.
  { id: 'demo-patient-15', firstName: 'Ivanov', lastName: 'Dmitri', dateOfBirth: '1962-11-23', sexAtBirth: 'male', phone: '+13125550115', preferredChannel: 'sms', language: 'en', siteId: 'site-riverside' },
  { id: 'demo-patient-16', firstName: 'Siobhán', lastName: 'Kelly', dateOfBirth: '1975-03-17', sexAtBirth: 'female', phone: '+13125550116', email: 'siobhan.kelly@example.com', preferredChannel: 'email', language: 'en', siteId: 'site-riverside', address: CHI('2400 N Clark St', '60614') },
  { id: 'demo-patient-17', firstName: 'Maria', lastName: 'Lopez', middleName: 'Isabel', dateOfBirth: '1991-08-02', sexAtBirth: 'female', phone: '+12125550117', email: 'maria.i.lopez@example.com', preferredChannel: 'email', language: 'es', siteId: 'site-downtown', address: NY('150 Ave C', '10009') },
  { id: 'demo-patient-18', firstName: 'Nguyễn', lastName: 'Thị Hoa', preferredName: 'Hoa', dateOfBirth: '1969-04-26', sexAtBirth: 'female', phone: '+13125550118', preferredChannel: 'sms', language: 'en', siteId: 'site-riverside', address: CHI('4800 N Broadway', '60640') },
];

/**
 * Insurance payers with plans and rules, one per scenario of the clearinghouse simulator (member ids
 * with that prefix answer so: README, Insurance). The EDI ids are made up; the receiver is the
 * simulator. Procedure codes are placeholders (CPT is licensed), except HCPCS Level II.
 */
export interface DemoPayer {
  id: string;
  name: string;
  ediPayerId: string;
  receiverId: string;
  claimFilingIndicator: string;
  timelyFilingDays: number;
  memberIdPattern?: string;
  blockWithoutAuthorization: boolean;
  rules: Array<{ requirement: 'referral' | 'prior-authorization'; appointmentTypeIds?: string[]; procedureCodes?: string[]; note?: string }>;
  plans: Array<{ id: string; name: string; kind: string; rules: DemoPayer['rules'] }>;
  /** The simulator's member id prefix that shows this payer's typical answer. */
  simulatorPrefix: string;
}

export const DEMO_PAYERS: DemoPayer[] = [
  {
    id: 'payer-acme', name: 'Acme Health', ediPayerId: 'ACME01', receiverId: 'CLEARHOUSE', claimFilingIndicator: 'CI', timelyFilingDays: 90,
    memberIdPattern: '^(PPO|PAU|SLW|INA|TRM|NFD|DOB|UNA|SVC|TMO)[A-Z0-9]{3,12}$', blockWithoutAuthorization: false, simulatorPrefix: 'PPO',
    rules: [{ requirement: 'prior-authorization', procedureCodes: ['X7055'], note: 'Placeholder code for an MRI of the brain' }],
    plans: [
      { id: 'acme-gold-ppo', name: 'Acme Gold PPO', kind: 'ppo', rules: [] },
      { id: 'acme-silver-ppo', name: 'Acme Silver PPO', kind: 'ppo', rules: [{ requirement: 'prior-authorization', appointmentTypeIds: ['new-patient'], note: 'New patients need an authorization on Silver' }] },
    ],
  },
  {
    id: 'payer-acme-care-hmo', name: 'Acme Care HMO', ediPayerId: 'ACMEHMO', receiverId: 'CLEARHOUSE', claimFilingIndicator: 'HM', timelyFilingDays: 120,
    memberIdPattern: '^HMO[A-Z0-9]{3,12}$', blockWithoutAuthorization: true, simulatorPrefix: 'HMO',
    rules: [{ requirement: 'referral', appointmentTypeIds: ['new-patient'], note: 'A referral from the primary care provider before a specialist visit' }],
    plans: [{ id: 'acme-care-hmo', name: 'Acme Care HMO', kind: 'hmo', rules: [] }],
  },
  {
    id: 'payer-medicare', name: 'Medicare Part B', ediPayerId: 'MCRB01', receiverId: 'CLEARHOUSE', claimFilingIndicator: 'MB', timelyFilingDays: 365,
    memberIdPattern: '^MCR[A-Z0-9]{3,12}$', blockWithoutAuthorization: false, simulatorPrefix: 'MCR',
    rules: [{ requirement: 'prior-authorization', procedureCodes: ['E0260'], note: 'Hospital bed, semi-electric (HCPCS Level II)' }],
    plans: [{ id: 'medicare-part-b', name: 'Medicare Part B', kind: 'medicare', rules: [] }],
  },
];

/**
 * The insurance service's price list (until billing's fee schedule, issue 12): each demo site's
 * price of each demo appointment type, in cents. HCPCS Level II codes are real (public); the
 * office-visit codes are CPT's territory, which is licensed, so they are placeholders (X....,
 * `placeholder: true`), never codes to bill with.
 */
export interface DemoPriceListItem {
  appointmentTypeId: string;
  serviceCode: string;
  codeSystem: 'HCPCS' | 'CPT';
  placeholder: boolean;
  description: string;
  standardChargeCents: number;
  selfPayCents: number;
}

const DOWNTOWN_PRICES: DemoPriceListItem[] = [
  { appointmentTypeId: 'new-patient', serviceCode: 'X9203', codeSystem: 'CPT', placeholder: true, description: 'Office visit, new patient, low complexity (placeholder for a CPT code)', standardChargeCents: 25000, selfPayCents: 16000 },
  { appointmentTypeId: 'follow-up', serviceCode: 'X9213', codeSystem: 'CPT', placeholder: true, description: 'Office visit, established patient, low complexity (placeholder for a CPT code)', standardChargeCents: 15000, selfPayCents: 9500 },
  { appointmentTypeId: 'annual-physical', serviceCode: 'G0439', codeSystem: 'HCPCS', placeholder: false, description: 'Annual wellness visit, subsequent, with a personalized prevention plan', standardChargeCents: 22000, selfPayCents: 15000 },
  { appointmentTypeId: 'nurse-visit', serviceCode: 'X9211', codeSystem: 'CPT', placeholder: true, description: 'Office visit, established patient, may not need a physician (placeholder for a CPT code)', standardChargeCents: 6000, selfPayCents: 4000 },
  { appointmentTypeId: 'telehealth-follow-up', serviceCode: 'X9212', codeSystem: 'CPT', placeholder: true, description: 'Telehealth visit, established patient, straightforward (placeholder for a CPT code)', standardChargeCents: 12000, selfPayCents: 8000 },
  { appointmentTypeId: 'urgent-care', serviceCode: 'S9083', codeSystem: 'HCPCS', placeholder: false, description: 'Urgent care, global fee', standardChargeCents: 17500, selfPayCents: 12500 },
];

export const DEMO_PRICE_LIST: Record<string, DemoPriceListItem[]> = {
  'site-downtown': DOWNTOWN_PRICES,
  // Riverside's charges are a little lower (a different market); the codes are the same.
  'site-riverside': DOWNTOWN_PRICES.map((p) => ({ ...p, standardChargeCents: Math.round((p.standardChargeCents * 9) / 1000) * 100, selfPayCents: Math.round((p.selfPayCents * 9) / 1000) * 100 })),
};

/**
 * Billing's procedure-code store in the demo (issue 12): placeholders for the CPT codes the demo
 * bills (X and four digits, `placeholder: true`: CPT is licensed, so these stand in for it and are
 * never billed to a payer). A clinic loads its licensed CPT file with POST /fee-schedule/cpt-import.
 */
export const DEMO_PLACEHOLDER_PROCEDURE_CODES: Array<{ code: string; description: string }> = [
  { code: 'X9203', description: 'Office visit, new patient, low complexity (placeholder for a CPT code)' },
  { code: 'X9211', description: 'Office visit, established patient, may not need a physician (placeholder for a CPT code)' },
  { code: 'X9212', description: 'Office visit, established patient, straightforward (placeholder for a CPT code)' },
  { code: 'X9213', description: 'Office visit, established patient, low complexity (placeholder for a CPT code)' },
  { code: 'X9214', description: 'Office visit, established patient, moderate complexity (placeholder for a CPT code)' },
  { code: 'X7055', description: 'MRI of the brain (placeholder for a CPT code)' },
  { code: 'X0471', description: 'Immunization administration, first vaccine (placeholder for a CPT code)' },
];

/**
 * Billing identities of the demo (what an 837P names): one billing provider for the whole network
 * and one for Riverside, which bills under its own tax id; rendering providers for the demo's
 * clinicians. NPIs are made up with valid check digits (Luhn over 80840 + the first nine digits);
 * tax ids are made up.
 */
export const DEMO_BILLING_PROVIDERS: Array<{ scope: string; organizationName: string; npi: string; tin: string; taxonomyCode: string; address: { line1: string; city: string; state: string; postalCode: string } }> = [
  { scope: 'network', organizationName: 'Clinic Flow Medical Group', npi: '1234567893', tin: '271234567', taxonomyCode: '261QP2300X', address: { line1: '120 Main St', city: 'Springfield', state: 'IL', postalCode: '627011234' } },
  { scope: 'site-riverside', organizationName: 'Riverside Medical Center PC', npi: '1999999992', tin: '279876543', taxonomyCode: '261QP2300X', address: { line1: '45 River Rd', city: 'Riverside', state: 'IL', postalCode: '605461234' } },
];

export const DEMO_RENDERING_PROVIDERS: Array<{ providerId: string; firstName: string; lastName: string; npi: string; taxonomyCode: string }> = [
  { providerId: 'prov-ana-ruiz', firstName: 'Ana', lastName: 'Ruiz', npi: '1245319599', taxonomyCode: '207Q00000X' },
  { providerId: 'prov-ben-okafor', firstName: 'Ben', lastName: 'Okafor', npi: '1888888884', taxonomyCode: '363A00000X' },
  { providerId: 'prov-chloe-martin', firstName: 'Chloe', lastName: 'Martin', npi: '1777777776', taxonomyCode: '363L00000X' },
  { providerId: 'prov-david-kim', firstName: 'David', lastName: 'Kim', npi: '1666666668', taxonomyCode: '207R00000X' },
  { providerId: 'prov-urgent-care', firstName: 'Urgent', lastName: 'Care Physician', npi: '1555555550', taxonomyCode: '207P00000X' },
];

/** Payers' contracted allowed amounts in the demo fee schedule, as a share of each site's charge. */
export const DEMO_ALLOWED_SHARES: Record<string, number> = { 'payer-acme': 0.8, 'payer-acme-care-hmo': 0.7, 'payer-medicare': 0.6 };
