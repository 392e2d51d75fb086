/*
 * The demo clinic network that `npm start` seeds: two sites, their providers, and one user per
 * role (<role>@demo.clinic). Each owning service seeds its own part, idempotently.
 */
import type { Role } from '@clinic-flow/auth';

export interface DemoSite {
  id: string;
  name: string;
  timeZone: string;
  address: string;
  phone: string;
}

export interface DemoProvider {
  id: string;
  name: string;
  role: Extract<Role, 'physician' | 'physician-assistant' | 'nurse-practitioner' | 'registered-nurse'>;
  specialty: string;
  siteIds: string[];
}

export interface DemoUser {
  email: string;
  name: string;
  roles: Role[];
  siteIds: string[];
}

export const DEMO_SITES: DemoSite[] = [
  { id: 'site-downtown', name: 'Downtown Family Clinic', timeZone: 'America/New_York', address: '120 Main St, Springfield', phone: '+15550100100' },
  { id: 'site-riverside', name: 'Riverside Medical Center', timeZone: 'America/Chicago', address: '45 River Rd, Riverside', phone: '+15550100200' },
];

const BOTH = DEMO_SITES.map((s) => s.id);

export const DEMO_PROVIDERS: DemoProvider[] = [
  { id: 'prov-ana-ruiz', name: 'Dr. Ana Ruiz', role: 'physician', specialty: 'Family medicine', siteIds: ['site-downtown'] },
  { id: 'prov-ben-okafor', name: 'Ben Okafor, PA-C', role: 'physician-assistant', specialty: 'Family medicine', siteIds: BOTH },
  { id: 'prov-chloe-martin', name: 'Chloe Martin, NP', role: 'nurse-practitioner', specialty: 'Pediatrics', siteIds: ['site-riverside'] },
  { id: 'prov-david-kim', name: 'Dr. David Kim', role: 'physician', specialty: 'Internal medicine', siteIds: ['site-riverside'] },
  { id: 'prov-erin-walsh', name: 'Erin Walsh, RN', role: 'registered-nurse', specialty: 'Chronic care', siteIds: ['site-downtown'] },
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
};

/** Receptionist and medical assistant each work at one site, to show site scoping. */
const sitesOf: Partial<Record<Role, string[]>> = {
  receptionist: ['site-downtown'],
  'medical-assistant': ['site-riverside'],
};

export const DEMO_USERS: DemoUser[] = (Object.keys(person) as Role[]).map((role) => ({
  email: `${role}@demo.clinic`,
  name: person[role],
  roles: [role],
  siteIds: sitesOf[role] ?? BOTH,
}));

export const DEFAULT_DEMO_PASSWORD = 'clinic-flow-demo';
