/** The positions of a medical office (see shared/seeds): the staff who work with patients' data. */
export const STAFF_ROLES = [
  'physician',
  'physician-assistant',
  'nurse-practitioner',
  'registered-nurse',
  'medical-assistant',
  'receptionist',
  'billing-coder',
  'office-manager',
] as const;

/**
 * Every role: the staff positions, and `operations`, the team that watches the event streams
 * (issue 13: the operations console). Operations sees no patient data: no policy below that
 * reads or changes a patient's data lists it, so every such route refuses it.
 */
export const ROLES = [...STAFF_ROLES, 'operations'] as const;
export type Role = (typeof ROLES)[number];

const STAFF: Role[] = [...STAFF_ROLES];
const PROVIDERS: Role[] = ['physician', 'physician-assistant', 'nurse-practitioner'];
const CLINICAL: Role[] = [...PROVIDERS, 'registered-nurse', 'medical-assistant'];
const FRONT_DESK: Role[] = ['receptionist', 'medical-assistant', 'office-manager'];

/**
 * Who may do what, declared once and used by the gateway (the public edge) and by each service
 * (defence in depth), so the two can never disagree.
 */
export const Policies = {
  /** Reference data: sites, providers. */
  readDirectory: [...STAFF],
  registerPatient: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  readPatient: [...STAFF],
  bookAppointment: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  cancelAppointment: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  readAppointment: [...STAFF],
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
  /** Record and correct allergies, problems, medications and vitals (the people who room patients). */
  recordClinical: [...CLINICAL],
  /** Read allergies, medications and vitals: the clinical roles only (not the desk, billing or the office manager). */
  readClinical: [...CLINICAL],
  /**
   * Read the problem list (ICD-10-CM codes): the clinical roles; billing coders, who translate
   * diagnoses into the codes of a claim (seeds: "medical coders translate medical diagnoses ... into
   * standardized codes"); and office managers, who oversee billing and coding and staff the billing
   * office: one grants only a role whose every right one holds (grants.ts), so without this right no
   * office manager could create a billing coder's account. Reviewed for issue 10 and kept; the
   * rest of the clinical record (allergies, medications, vitals) stays closed to them.
   */
  readProblemList: [...new Set<Role>([...CLINICAL, 'billing-coder', 'office-manager'])],
  /** Look up codes of the code sets (ICD-10-CM): reference data, the same for every site. */
  searchCodeSets: [...STAFF],
  /**
   * A patient's documents: list and download. Every position reaches the routes, but what each sees
   * depends on the document's kind: see `readClinicalDocuments`.
   */
  readPatientDocuments: [...STAFF],
  /**
   * Documents that may hold clinical content (outside records, letters, referral letters, other):
   * the desk, who files and sends them, and the clinical roles. Billing coders see only insurance
   * cards and signed forms, what claims are made from ("billing and coding read demographics and
   * billing, not clinical notes", issue 10); other documents are 404 to them, not 403, and absent
   * from their lists. Checked inside the document routes (documents.rules.ts).
   */
  readClinicalDocuments: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** Upload or replace a patient document, or make a patient's download link for one. */
  managePatientDocuments: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** The consent form catalogue and a patient's consents. */
  readConsents: [...STAFF],
  /** Record a patient's signature of a consent form, or its revocation. */
  manageConsents: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  /** Staff accounts of one's own sites: create, change roles/sites/name, deactivate (only roles whose rights one holds). */
  manageUsers: ['office-manager'] as Role[],
  /**
   * Merge two records of one person, undo a merge, read the merge history: office managers only.
   * A wrong merge shows one person's visits and messages to another, so the desk reports a
   * duplicate and a manager, who answers for the records of the site, decides.
   */
  mergePatients: ['office-manager'] as Role[],
  /**
   * A patient's timeline (appointments, messages, documents, clinical entries, changes): the desk and
   * clinical staff, not billing. Its lines of clinical entries follow the entries' own policies: an
   * allergy, medication or vitals line needs `readClinical`, a problem line (its ICD-10-CM code)
   * `readProblemList`, so the desk does not read diagnoses, nor an office manager allergies,
   * medications or vitals, through the timeline.
   */
  readPatientTimeline: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** The front desk's work queue of a site (referral follow-ups, later eligibility): list and complete tasks. */
  workDeskTasks: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  /** Referrals to specialists: create, record their steps, read them. */
  manageReferrals: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** Letters from templates (referral, school/work note, no-show, balance): issue, list, the print queue. */
  issueLetters: [...new Set<Role>([...FRONT_DESK, ...CLINICAL])],
  /** Find patients by name, date of birth, phone, MRN or email (billing looks patients up too). */
  searchPatients: [...STAFF],
  /** Names, date of birth, sex and gender identity, address, phones, emergency contact, guarantor. */
  updatePatientDemographics: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  /** Likely duplicates of a patient about to be registered (the registration screen, while typing). */
  checkPatientDuplicates: [...new Set<Role>([...FRONT_DESK, 'registered-nurse'])],
  /**
   * A patient's accounting of disclosures: who read or changed their record, when, from where, as
   * the audit trail holds it. Office managers, who answer for the records of their sites, for
   * patients of their own sites.
   */
  listPatientAccesses: ['office-manager'] as Role[],
  /** Check every audit chain for changed, removed or reordered entries (the answer names entries by seq and id, no patient data). */
  verifyAuditTrail: ['office-manager'] as Role[],
  /** Insurance payers, their plans and referral / prior-authorization rules (network-wide): the office manager and billing. */
  managePayers: ['office-manager', 'billing-coder'] as Role[],
  /**
   * Add, change and terminate a patient's insurance coverages and check their eligibility with the
   * payer: the front desk, who takes the card at check-in, and billing, who corrects it for claims.
   */
  manageCoverages: [...new Set<Role>([...FRONT_DESK, 'billing-coder'])],
  /** Read a patient's coverages and eligibility results: the desk, billing and the clinical roles (a referral or authorization needed). */
  readCoverages: [...new Set<Role>([...FRONT_DESK, 'billing-coder', ...CLINICAL])],
  /** Run a site's eligibility batch now and follow it (counts by result, no patient data): the desk of the site, billing, office managers. */
  runEligibilityBatches: [...new Set<Role>([...FRONT_DESK, 'billing-coder'])],
  /** Request a patient's prior authorizations from the payer (X12 278), ask again, record one obtained by phone or portal: the desk and billing, as for coverages. */
  requestAuthorizations: [...new Set<Role>([...FRONT_DESK, 'billing-coder'])],
  /** Read a patient's prior authorizations and units used: the desk, billing and the clinical roles (whether a visit or procedure is authorized). */
  readAuthorizations: [...new Set<Role>([...FRONT_DESK, 'billing-coder', ...CLINICAL])],
  // What the patient will owe (issue 11)
  /** A site's price list per appointment type (the desk quotes it), a visit's estimate, Good Faith Estimates: issue and read them. */
  estimateCharges: [...new Set<Role>([...FRONT_DESK, 'billing-coder'])],
  /** Set a site's price of an appointment type (service code, standard charge, self-pay price): the office manager and billing of that site. */
  managePriceList: ['office-manager', 'billing-coder'] as Role[],
  // The claim scrubber (issue 12)
  /**
   * Read the scrubber's rule set (each rule, its version, where to fix it, its fixtures) and which
   * code tables are loaded: billing coders and office managers, who work the claims, and the
   * providers, who code their encounters and fix pointers and diagnoses the rules flag. Reference
   * data without patient data.
   */
  readScrubberRules: [...new Set<Role>(['billing-coder', 'office-manager', ...PROVIDERS])],
  /**
   * Scrub a claim (POST /scrubber/check, nothing stored, the call audited with the patient it names):
   * billing and office managers before sending, providers checking their coding.
   */
  scrubClaims: [...new Set<Role>(['billing-coder', 'office-manager', ...PROVIDERS])],
  /** Import CMS's code-pair (NCCI PTP) and MUE tables: national reference data, billing and office managers only. */
  manageScrubberTables: ['billing-coder', 'office-manager'] as Role[],
  /**
   * Let an overridable rule's findings on a claim pass with a note (recorded, audited, published):
   * billing coders and office managers, who answer for what is sent to payers; not providers.
   */
  overrideScrubberFindings: ['billing-coder', 'office-manager'] as Role[],
  // Patient accounts (issue 12)
  /** Read a guarantor's account, its ledger and statements: the desk (answers the patient's questions at check-in) and billing. */
  readAccounts: [...new Set<Role>([...FRONT_DESK, 'billing-coder'])],
  /** Take a payment or a copay (cash, check, card) on an account: the front desk at check-in and checkout, and billing on the phone. */
  takePayments: [...new Set<Role>([...FRONT_DESK, 'billing-coder'])],
  /**
   * Post charges, adjustments (write-offs) and reversals, refund credit balances, agree payment
   * plans: money going out or owed amounts written down, so billing and the office manager only,
   * not the receptionist or clinical staff.
   */
  manageAccounts: ['billing-coder', 'office-manager'] as Role[],
  /** Run statements now for a site and read the collections and patient A/R reports: billing and the office manager. */
  runStatements: ['billing-coder', 'office-manager'] as Role[],
  /** The collections and A/R aging reports (CSV too): billing and the office manager. */
  readBillingReports: ['billing-coder', 'office-manager'] as Role[],
  // Claims, remittances and denials (issue 12)
  /**
   * Make claims from ready encounters and submit them, poll the clearinghouse, upload an 835 and
   * work the denials queue: billing coders and office managers, who answer for what is sent to
   * payers and what is posted from them (the scrubber's override policy, for the same reason);
   * not the desk or providers.
   */
  manageClaims: ['billing-coder', 'office-manager'] as Role[],
  // Billing: fee schedule, billing identities and encounters (issue 12)
  /**
   * Read a site's fee schedule (prices, payers' allowed amounts, default charge lines): billing and
   * the office manager, who keep it, and the front desk, who quotes estimates from it.
   */
  readFeeSchedule: [...new Set<Role>([...FRONT_DESK, 'billing-coder'])],
  /** Change a site's fee schedule: its office manager and billing coders (the same people who set the interim price list). */
  manageFeeSchedule: ['office-manager', 'billing-coder'] as Role[],
  /**
   * Look up procedure codes and modifiers (network-wide: HCPCS Level II, imported CPT, placeholders):
   * whoever codes a visit (billing coders and the providers who code their own visits) and the
   * office manager. Not the front desk: they quote from the site's fee schedule.
   */
  readProcedureCodes: [...new Set<Role>([...PROVIDERS, 'billing-coder', 'office-manager'])],
  /**
   * Load a licensed CPT file into the network-wide procedure-code store: the office manager and
   * billing, who hold the licence; network-wide, so only for someone who works at every site.
   */
  importProcedureCodes: ['office-manager', 'billing-coder'] as Role[],
  /**
   * Billing identities (billing provider: organization, NPI, TIN, address, taxonomy; rendering
   * providers' NPIs): what every claim names, kept by the office manager and billing.
   */
  manageBillingIdentities: ['office-manager', 'billing-coder'] as Role[],
  /**
   * Code a visit's encounter (diagnoses, procedure lines, sign-off) and read the work list:
   * billing coders; the providers, who often code their own visits; and the office manager, who
   * oversees coding. Not the desk or nurses: coding is a provider's or a coder's judgement.
   */
  codeEncounters: [...new Set<Role>([...PROVIDERS, 'billing-coder', 'office-manager'])],
  // Care relationship (issue 10)
  /**
   * Break the glass: open a patient outside one's care relationship, with a reason, for a limited
   * time (recorded; the office managers of the patient's sites are emailed). The people who may
   * have to treat or receive a patient from another site in a hurry: clinical staff and the front
   * desk (office managers included). Not billing: claims never need a record of another site now.
   */
  breakGlass: [...new Set<Role>([...CLINICAL, ...FRONT_DESK])],
  /** The break-the-glass accesses to patients of one's sites: office managers, who are told of each and answer for them. */
  listBreakGlass: ['office-manager'] as Role[],
  // The operations console (issue 13)
  /**
   * Watch the event streams: consumer groups and their lag, queues and their depth, outbox backlog,
   * service health, dead letters and the live event stream (patient fields masked). The
   * operations team only: the staff of the clinics have no use for it, and it is no way to patient data.
   */
  watchStreams: ['operations'] as Role[],
  /** Replay dead letters (after a fix; consumers are idempotent) and discard them with a reason, retry failed jobs: audited. */
  repairStreams: ['operations'] as Role[],
} satisfies Record<string, Role[]>;
