/*
 * Checks a message against the catalogue's own JSON Schemas (Ajv), the way a consumer outside
 * this code base (analytics, a partner) would: the tests use it to show that the schemas agree
 * with the class-validator contracts on the examples, and with what the running system publishes.
 */
import Ajv from 'ajv';
import type { AsyncApiDocument } from './asyncapi';

const FORMATS: Record<string, (value: string) => boolean> = {
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  email: (v) => /^[^@\s]+@[^@\s]+$/.test(v),
  uri: (v) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(v),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
};

/** `(message name, part, value) => problems`: empty when the value fits the message's payload or headers schema. */
export function catalogueValidator(document: AsyncApiDocument) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);
  ajv.addSchema(document, 'catalogue');
  return (message: string, part: 'payload' | 'headers', value: unknown): string[] => {
    if (!document.components?.messages?.[message]) return [`${message} is not in the catalogue`];
    const validate = ajv.getSchema(`catalogue#/components/messages/${message}/${part}`);
    if (!validate) return [`${message} has no ${part} schema`];
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}
