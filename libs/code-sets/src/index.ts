export * from './icd10cm';
export * from './excludes1';
export * from './code-sets.module';
export * from './procedure-codes';
