import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { Topics } from '@clinic-flow/contracts';
import { TopicFollower, TopicFollowers } from '@clinic-flow/messaging';
import { HealthRegistry } from '@clinic-flow/platform';
import { PatientSearchIndex } from './patient-search.index';
import { PatientsRepository } from './patients.repository';

/**
 * Fills this instance's search index at start and keeps it in step with the other instances:
 * it first follows the patients topic from its current end (a consumer group of this instance's
 * own), then loads every patient from the collection. A write by any instance is then either in
 * what was loaded or arrives as an event after it; for each event the patient is re-read by _id
 * (the key of every patient event), so the event's type and order do not matter, and the index
 * keeps the newer version when a load and an event race. The service takes no request before the
 * index is loaded (readiness check `search-index`). Kafka that is down at start does not stop the
 * service: the index is loaded from the collection, readiness says it is not following, and the
 * follower is retried in the background; once it follows, the index is loaded again (what changed
 * in between arrived as no event).
 */
@Injectable()
export class PatientSearchLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(PatientSearchLoader.name);
  private readonly follower: TopicFollower;
  private loaded?: { patients: number; loadMs: number; heapUsedMiB: number };

  constructor(
    private readonly index: PatientSearchIndex,
    private readonly patients: PatientsRepository,
    followers: TopicFollowers,
    health: HealthRegistry,
  ) {
    this.follower = followers.create({ name: 'search-index', topics: [Topics.patients], onMessage: ({ key }) => (key ? this.refresh(key) : Promise.resolve()) });
    health.register('search-index', async () => {
      if (!this.loaded) throw new Error('the search index is loading');
      if (!this.follower.status.running) throw new Error('the search index does not follow patient events');
      const { received, failed } = this.follower.status;
      return { ...this.loaded, indexed: this.index.size, eventsFollowed: received, eventsFailed: failed, heapUsedMiB: heapUsedMiB() };
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.follower.start();
    } catch (error) {
      this.logger.warn(`search index: cannot follow patient events yet (${(error as Error).message}); loading anyway, following when Kafka answers`);
      void this.followLater();
    }
    await this.load();
  }

  private async followLater(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** attempt)));
      try {
        await this.follower.stop().catch(() => undefined);
        await this.follower.start();
        await this.load();
        return;
      } catch (error) {
        this.logger.warn(`search index: still cannot follow patient events (${(error as Error).message})`);
      }
    }
  }

  private async load(): Promise<void> {
    const started = Date.now();
    const patients = await this.patients.forEach(SiteScope.service('search-index'), (patient) => this.index.put(patient));
    this.loaded = { patients, loadMs: Date.now() - started, heapUsedMiB: heapUsedMiB() };
    this.logger.log(`search index: ${patients} patients loaded in ${this.loaded.loadMs} ms`);
  }

  /** The patient as stored now replaces what the index has (unless the index has a newer version). */
  private async refresh(patientId: string): Promise<void> {
    const patient = await this.patients.findById(SiteScope.service('search-index'), patientId);
    if (patient) this.index.put(patient);
    else this.index.delete(patientId);
  }
}

/** The heap in MiB, after a collection when the process allows one (`--expose-gc`, as the benchmark runs it), so it shows what is kept. */
const heapUsedMiB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
};
