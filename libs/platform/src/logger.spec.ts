import { Writable } from 'node:stream';
import { createLogger, PinoNestLogger, redactContact, redactErrorText } from './logger';

/** A logger whose lines a test reads. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('svc', 'info', destination), text: () => lines.join('\n') };
}

describe('logs carry no patient contact or error-echoed values', () => {
  it('masks email addresses and phone numbers in any line, not ids, times, ports or offsets', () => {
    expect(redactContact('to maria.lopez+1@example.com and +15550123456, (555) 012-3456 or 555-012-3456')).toBe('to [email] and [phone], [phone] or [phone]');
    const ordinary = 'appointment 3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b at 2026-12-01T08:00:00.000Z on 127.0.0.1:17101, offset 5550123456789, MRN-000123';
    expect(redactContact(ordinary)).toBe(ordinary);
  });

  it("masks quoted values in an error's text (a cast's input, a duplicate key)", () => {
    expect(redactErrorText('Cast to date failed for value "Zephyrine" (type string) at path "dateOfBirth"')).toBe('Cast to date failed for value "…" (type string) at path "…"');
    expect(redactErrorText("E11000 duplicate key error dup key: { email: 'ada@example.com' }")).toBe("E11000 duplicate key error dup key: { email: '…' }");
  });

  it('applies to what the services log: messages, errors (message and stack) and Nest error reports', () => {
    const { logger, text } = capture();
    logger.warn('reply to patient-9 not sent: 550 rejected <zephyrine@example.com>');
    logger.error({ err: new Error('refused number +15550123456 for value "Quillfeather"') }, 'send failed');
    logger.error({ error: 'data.phone "555-012-3456" is bad' }, 'message dead-lettered');
    new PinoNestLogger(logger).error('Cast failed for value "Quillfeather"', 'Error: Cast failed for value "Quillfeather"\n    at x (y.js:1:1)', 'ExceptionsHandler');
    expect(text()).not.toMatch(/zephyrine|Quillfeather|5550123456|555-012-3456/);
    expect(text()).toContain('reply to patient-9 not sent: 550 rejected <[email]>');
    expect(text()).toContain('at x (y.js:1:1)');
  });
});
