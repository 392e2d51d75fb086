import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { APP_CONFIG, errorMessageForLog } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { DocumentsRepository } from './documents.repository';

/**
 * Removes content no document names: an upload is written chunks first and made visible by the
 * document write after, so a crash in between leaves a manifest older than any running upload
 * whose document does not list it. Repeating the sweep is harmless.
 */
@Injectable()
export class DocumentsSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DocumentsSweep.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly documents: DocumentsRepository,
    @Inject(APP_CONFIG) private readonly config: PatientRecordsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) => this.logger.warn(`document sweep failed: ${errorMessageForLog(error)}`));
    }, this.config.DOCUMENT_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Removes orphaned content older than `minAgeMs`; returns how many contents it removed. */
  async sweep(minAgeMs = this.config.DOCUMENT_ORPHAN_AGE_MS): Promise<number> {
    const scope = SiteScope.service('document-sweep');
    let removed = 0;
    for (const manifest of await this.documents.manifestsOlderThan(new Date(Date.now() - minAgeMs))) {
      const document = await this.documents.findById(scope, manifest.documentId);
      if (document?.versions.some((v) => v.contentId === manifest._id)) continue;
      await this.documents.deleteContent(manifest._id);
      removed += 1;
    }
    if (removed) this.logger.log(`removed ${removed} orphaned document contents`);
    return removed;
  }
}
