import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@clinic-flow/audit';
import { AuthModule } from '@clinic-flow/auth';
import { CodeSetsModule } from '@clinic-flow/code-sets';
import { DataKeysModule, JobsModule, MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { VisitsModule } from '@clinic-flow/visits';
import { AccountsModule } from './accounts/accounts.module';
import { ClaimsModule } from './claims/claims.module';
import { BillingProvidersModule } from './billing-providers/billing-providers.module';
import { EncountersModule } from './encounters/encounters.module';
import { FeeScheduleModule } from './fee-schedule/fee-schedule.module';
import { ProcedureCodesModule } from './procedure-codes/procedure-codes.module';
import type { BillingConfig } from './config';
import { ScrubberModule } from './scrubber/scrubber.module';
import { PaymentPlansModule } from './payment-plans/payment-plans.module';
import { PaymentsModule } from './payments/payments.module';
import { RefundsModule } from './refunds/refunds.module';
import { ReportsModule } from './reports/reports.module';
import { StatementsModule } from './statements/statements.module';

/**
 * The billing service (issue 12): fee schedule, encounters from visits, the claim scrubber, claims
 * (837P) and remittances (835), patient accounts (ledger, payments, statements) and reports.
 */
@Module({})
export class AppModule {
  static register(config: BillingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'billing', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'billing', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, inbox: { retentionDays: config.INBOX_RETENTION_DAYS, intervalMs: config.INBOX_PRUNE_INTERVAL_MS, batchSize: config.INBOX_PRUNE_BATCH } }),
        AuthModule.forRoot({ publicKeys: config.JWT_PUBLIC_KEYS }),
        JobsModule.forRoot({ redisUrl: config.REDIS_URL, lockDurationMs: config.JOBS_LOCK_DURATION_MS, stalledIntervalMs: config.JOBS_STALLED_INTERVAL_MS, reconcileIntervalMs: config.JOBS_RECONCILE_INTERVAL_MS, reconcileFullIntervalMs: config.JOBS_RECONCILE_FULL_INTERVAL_MS }),
        // Patient data (encounters, claims, ledgers): sealed at rest and on the audit trail.
        DataKeysModule.forRoot({ service: 'billing', logLevel: config.LOG_LEVEL, ...config }),
        AuditModule.forRoot(),
        // Scheduling's appointments as visits: checkout opens the draft encounter.
        VisitsModule,
        // ICD-10-CM (billable codes, Excludes1 notes; the code set patient-records validates problems with), loaded once at boot.
        CodeSetsModule.forRoot({ icd10cmPath: config.ICD10CM_PATH }),
        // The claim scrubber: versioned rules, code tables and overrides; ScrubberService.scrub() for the claim flow.
        ScrubberModule,
        // Guarantors' accounts and their ledger (LedgerService.post for the claims/remittance flow).
        AccountsModule,
        // Payments and copays at check-in (card through the payment adapter).
        PaymentsModule,
        // Refunds of credit balances (to the card, or by check).
        RefundsModule,
        // Statements (PDF) on a monthly cycle with the dunning sequence, sent through notification.
        StatementsModule,
        // Payment plans: the monthly job charges card-on-file installments.
        PaymentPlansModule,
        // Collections per period and patient A/R aging (JSON or CSV).
        ReportsModule,
        // HCPCS Level II (shipped subset) and CPT loaded from a licensed file (or placeholders).
        ProcedureCodesModule,
        // Each site's prices, payers' allowed amounts and appointment types' default charge lines.
        FeeScheduleModule,
        // Billing and rendering providers' NPIs, tax id, taxonomy: what a claim names.
        BillingProvidersModule,
        // Draft encounters at checkout; coding (diagnoses, lines) and sign-off.
        EncountersModule,
        // Claims from ready encounters (837P), 999/277CA, 835 posting, denials queue, secondary claims.
        ClaimsModule,
      ],
    };
  }
}
