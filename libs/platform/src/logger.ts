import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { workContext } from './context';

/*
 * Logs carry ids (patient, appointment, message, MRN), never a patient's values. Code logs ids; what
 * libraries say is not ours to choose: an error's message often echoes its input (a duplicate key's
 * value, a rejected recipient's address, a cast's value, a number a provider refused). So every line
 * loses what looks like an email address or a phone number, and an error's message and stack also
 * lose quoted values. Checked by logs-hold-no-patient-data.after-e2e-spec.ts against the e2e run.
 */
const EMAIL = /[\w.!#$%&*+/=?^{|}~-]+@[\w-]+(?:\.[\w-]+)+/g;
/** E.164 (+15550123456) and US formats ((555) 012-3456, 555-012-3456, 555.012.3456): not ids, times, ports or offsets. */
const PHONE = /(?<![\w+])(?:\+\d{8,15}|\(\d{3}\)\s?\d{3}[-.\s]\d{4}|\d{3}[-.]\d{3}[-.]\d{4})(?!\w)/g;
const QUOTED = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`\n]*`/g;

/** A log text with email addresses and phone numbers masked. */
export function redactContact(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

/** An error's message for a log: contact masked, and quoted values (`for value "Maria"`, `dup key: { email: "…" }`) too. */
export function redactErrorText(text: string): string {
  return redactContact(text.replace(QUOTED, (q) => `${q[0]}…${q[0]}`));
}

/** `error.message`, fit for a log line. */
export function errorMessageForLog(error: unknown): string {
  return redactErrorText(error instanceof Error ? error.message : String(error));
}

/** pino's `err` (and `error`) serializer: name, code and stack, with the message redacted. */
export function serializeErrorForLog(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactErrorText(error) : error;
  const { code } = error as { code?: unknown };
  return { type: error.name, message: redactErrorText(error.message), ...(code !== undefined ? { code } : {}), stack: error.stack && redactErrorText(error.stack) };
}

/** Structured JSON logs; every line carries the correlation id of the work it belongs to. `destination`: stdout unless a test reads the lines. */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // `stack`: kafkajs reports a failed request's stack under that key.
    serializers: { err: serializeErrorForLog, error: serializeErrorForLog, stack: (s: unknown) => (typeof s === 'string' ? redactErrorText(s) : s) },
    hooks: {
      logMethod(args, method) {
        return method.apply(this, args.map((a) => (typeof a === 'string' ? redactContact(a) : a)) as Parameters<typeof method>);
      },
    },
    mixin: () => {
      const ctx = workContext.get();
      return ctx ? { correlationId: ctx.correlationId, causationId: ctx.causationId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Adapts pino to Nest's LoggerService so framework messages are JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  /** Nest's own error reports (an exception no filter handled) carry its message and stack: redacted like any error. */
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace: trace && redactErrorText(trace) }, redactErrorText(String(message)));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
