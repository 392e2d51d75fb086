export * from './icd10cm';
export * from './code-sets.module';
export * from './procedure-codes';
