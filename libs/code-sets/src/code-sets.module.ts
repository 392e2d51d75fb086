import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@clinic-flow/platform';
import { Icd10CmCodeSet } from './icd10cm';

export interface CodeSetsOptions {
  /** The ICD-10-CM index (ICD10CM_PATH, provisioned by infra/components/icd10cm.js). */
  icd10cmPath: string;
}

/** Injection token of the loaded ICD-10-CM code set: `@Inject(ICD10CM) codes: Icd10CmCodeSet`. */
export const ICD10CM = Symbol('ICD10CM');

@Global()
@Module({})
export class CodeSetsModule implements OnModuleInit {
  constructor(
    @Inject(ICD10CM) private readonly icd10cm: Icd10CmCodeSet,
    private readonly health: HealthRegistry,
  ) {}

  /** Loads the code set once at boot (a service that cannot validate codes does not start). */
  static forRoot(options: CodeSetsOptions): DynamicModule {
    return {
      module: CodeSetsModule,
      providers: [{ provide: ICD10CM, useFactory: () => Icd10CmCodeSet.load(options.icd10cmPath) }],
      exports: [ICD10CM],
    };
  }

  /** Health reports which release is loaded. */
  onModuleInit(): void {
    const { version, release, codes } = this.icd10cm.info;
    this.health.register('icd10cm', async () => ({ version, release, codes }));
  }
}
