/**
 * Every Kafka topic of Clinic Flow, in one place. Names follow clinic.<domain>.<entity>.v<N>;
 * a breaking change to what a topic carries is a new topic version, never an edit.
 * Message key on every domain topic = the aggregate id (envelope.subject), so the events of one
 * appointment or patient stay ordered within a partition.
 */
export const Topics = {
  /** Appointments from booking to check-out, cancellation or no-show (scheduling); key = appointment id. */
  appointments: 'clinic.scheduling.appointment.v1',
  /** The network's sites; key = site id. */
  sites: 'clinic.scheduling.site.v1',
  /** Waitlist entries and the offers made to them; key = waitlist entry id. */
  waitlist: 'clinic.scheduling.waitlist.v1',
  /** Patients' registration and demographics, merges, documents, consents, letters, referrals and front-desk tasks (patient-records); key = patient id. */
  patients: 'clinic.patient-records.patient.v1',
  /** Patient messages scheduled, sent, failed or skipped (notification); key = appointment id, else waitlist entry id, else patient id. */
  notifications: 'clinic.notification.message.v1',
  /** What patients answered to a message (confirm / cancel); key = appointment id. */
  patientResponses: 'clinic.notification.patient-response.v1',
  /** Staff accounts (created, changed, deactivated) from the gateway's identity; key = user id. */
  users: 'clinic.identity.user.v1',
  /** Insurance payers and their plans and rules (network-wide reference data); key = payer id. */
  payers: 'clinic.insurance.payer.v1',
  /** Patients' insurance coverages and their eligibility checks; key = patient id. */
  coverages: 'clinic.insurance.coverage.v1',
  /** Prior authorizations (requested, decided, units used, expired) and visits' authorization assessments; key = patient id. */
  authorizations: 'clinic.insurance.authorization.v1',
  /** Billing's fee schedule: procedure codes, per-site prices, payers' allowed amounts (reference data, no patient data); key = code. */
  feeSchedule: 'clinic.billing.fee-schedule.v1',
  /** Encounters: the visit's charges drafted at checkout, coded, and made ready to claim; key = patient id. */
  encounters: 'clinic.billing.encounter.v1',
  /** Claims (837P) through scrubbing, submission, acknowledgement (999, 277CA) and adjudication; key = patient id. */
  claims: 'clinic.billing.claim.v1',
  /** Remittances (835) received and posted; key = payer id. */
  remittances: 'clinic.billing.remittance.v1',
  /** Guarantors' accounts: ledger entries, payments, refunds, payment plans and statements; key = account id. */
  accounts: 'clinic.billing.account.v1',
} as const;

export type DomainTopic = (typeof Topics)[keyof typeof Topics];

/** Dead letters of one consumer group: messages it could not validate or handle. */
export const deadLetterTopic = (consumerGroup: string) => `clinic.deadletter.${consumerGroup}.v1`;

/** Partition count used when a topic is first created (raise with Kafka tooling, never lower). */
export const DEFAULT_PARTITIONS = 6;

/**
 * De-identified streams for analytics consumers (README "Analytics streams"). Each registered
 * consumer gets topics of its own, `clinic.analytics.<consumer>.<stream>.v1`, with pseudonyms keyed
 * for it alone, so two consumers' datasets cannot be joined and Kafka ACLs can give each its own.
 */
export const ANALYTICS_STREAMS = ['appointment', 'message', 'eligibility', 'claim'] as const;
export type AnalyticsStream = (typeof ANALYTICS_STREAMS)[number];
/** A registered analytics consumer's name: lower-case letters, digits and dashes (it is part of topic names). */
export const ANALYTICS_CONSUMER_NAME = /^[a-z][a-z0-9-]{1,30}$/;
export const analyticsTopic = (consumer: string, stream: AnalyticsStream) => `clinic.analytics.${consumer}.${stream}.v1`;

const DAY_MS = 24 * 3600 * 1000;

/** How long domain topics keep events: the inboxes of handled ids must remember them longer (a replay from the beginning is skipped). */
export const DOMAIN_TOPIC_RETENTION_MS = 30 * DAY_MS;

/** The kinds of topic, each with its own retention and partitioning (README "Topic settings"). */
export type TopicKind = 'domain' | 'reference' | 'dead-letter' | 'analytics';

export interface TopicSettings {
  kind: TopicKind;
  partitions: number;
  /** Topic-level configs set at creation and re-applied at every start (the project owns them). */
  configs: Record<string, string>;
}

/**
 * Reference data whose every event carries the whole current state of its key (a site, a payer, a
 * staff account): compacted, so the latest event per key stays for as long as the topic exists and
 * a consumer that starts later still learns every site, payer and account.
 */
const REFERENCE_TOPICS: readonly string[] = [Topics.sites, Topics.payers, Topics.users];

/** Retention and partitions of a topic, by its kind (decided from its name). */
export function topicSettings(topic: string): TopicSettings {
  if (topic.startsWith('clinic.deadletter.')) {
    // Long enough for someone back from a holiday to look into and replay a dead letter.
    return { kind: 'dead-letter', partitions: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': String(90 * DAY_MS) } };
  }
  if (topic.startsWith('clinic.analytics.')) {
    // Replayable from the beginning: a consumer rebuilds its dataset from offset 0 at any time.
    return { kind: 'analytics', partitions: DEFAULT_PARTITIONS, configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' } };
  }
  if (REFERENCE_TOPICS.includes(topic)) {
    return { kind: 'reference', partitions: DEFAULT_PARTITIONS, configs: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(DAY_MS) } };
  }
  return { kind: 'domain', partitions: DEFAULT_PARTITIONS, configs: { 'cleanup.policy': 'delete', 'retention.ms': String(DOMAIN_TOPIC_RETENTION_MS) } };
}

/** Headers the messaging lib puts on every dead letter. */
export const DeadLetterHeaders = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;
