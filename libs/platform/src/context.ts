import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What travels with one unit of work (an HTTP request, a consumed event, a queued job) so logs
 * and the events it causes carry the same correlation id.
 */
export interface WorkContext {
  correlationId: string;
  /** Id of the event being handled, when the work was caused by one. */
  causationId?: string;
  /** Bearer token of the caller, forwarded on internal calls. */
  authorization?: string;
  /** The HTTP method of the request being handled (the validation pipe refuses a PUT or PATCH without a body). */
  httpMethod?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export const workContext = {
  run<T>(ctx: WorkContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): WorkContext | undefined {
    return storage.getStore();
  },
  correlationId(): string {
    return storage.getStore()?.correlationId ?? randomUUID();
  },
};

export const CORRELATION_HEADER = 'x-correlation-id';
