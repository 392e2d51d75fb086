import { translator } from '../i18n/i18n';
import { ApiError, describeProblem, NETWORK_PROBLEM, problemOf, toProblem } from './problem';

const en = translator('en');
const es = translator('es');

describe('API problems in words for the desk', () => {
  it('a known code has its own title and what to do, in the chosen language, with the server detail beneath', () => {
    const problem = toProblem(409, { type: 'urn:x', title: 'Conflict', status: 409, code: 'APPOINTMENT.SLOT_TAKEN', detail: 'prov-a is booked 09:00-09:15', correlationId: 'c-1' });
    expect(describeProblem(problem, en)).toEqual({
      title: 'That time was just taken',
      action: 'Look for the next free time and book that.',
      detail: 'prov-a is booked 09:00-09:15',
      fields: [],
      reference: 'c-1',
    });
    expect(describeProblem(problem, es).title).toBe('Ese horario se acaba de ocupar');
  });

  it('an unknown code falls back to its status class', () => {
    expect(describeProblem(toProblem(422, { code: 'APPOINTMENT.SOMETHING_NEW', detail: 'new rule' }), en)).toMatchObject({ title: 'Some details need a fix', detail: 'new rule' });
    expect(describeProblem(toProblem(403, { code: 'X.Y' }), en).title).toBe('Not allowed for your account');
    expect(describeProblem(toProblem(503, { code: 'UPSTREAM.UNAVAILABLE' }), en).title).toBe('Clinic Flow is busy or partly down');
    expect(describeProblem(toProblem(500, { code: 'INTERNAL', detail: 'An unexpected error occurred. It has been logged.' }), en).title).toBe('That did not work');
  });

  it('lists the fields to fix from errors[]', () => {
    const problem = toProblem(400, { code: 'CLINICAL.VITALS_OUT_OF_RANGE', detail: 'Vitals out of range', errors: [{ field: 'pulse', messages: ['pulse must be 20-300'] }] });
    const shown = describeProblem(problem, en);
    expect(shown.title).toBe('A vital sign looks wrong');
    expect(shown.fields).toEqual([{ field: 'pulse', messages: ['pulse must be 20-300'] }]);
    expect(shown.detail).toBe('Vitals out of range');
  });

  it('leaves out a detail that only repeats the one field’s message', () => {
    const problem = toProblem(400, { code: 'CLINICAL.VITALS_OUT_OF_RANGE', detail: 'pulse 720 /min is outside 20–300', errors: [{ field: 'pulse', messages: ['pulse 720 /min is outside 20–300'] }] });
    expect(describeProblem(problem, en)).toMatchObject({ detail: undefined, fields: [{ field: 'pulse', messages: ['pulse 720 /min is outside 20–300'] }] });
  });

  it('a body that is not a problem (a proxy page, nothing) still gets words, never the raw body', () => {
    const html = toProblem(502, '<html><body>Bad gateway</body></html>');
    expect(html.code).toBe('HTTP.502');
    expect(describeProblem(html, en).title).toBe('Clinic Flow is busy or partly down');
    expect(describeProblem(toProblem(500, undefined), en).detail).toBeUndefined();
  });

  it('no answer at all is a network problem: says the typing is kept, no detail', () => {
    const shown = describeProblem(problemOf(new ApiError(NETWORK_PROBLEM)), en);
    expect(shown.title).toBe('No connection to Clinic Flow');
    expect(shown.action).toContain('what you typed is kept');
    expect(shown.detail).toBeUndefined();
  });

  it('a bug in the page is a generic failure with its message', () => {
    expect(describeProblem(problemOf(new TypeError('x is undefined')), en)).toMatchObject({ title: 'That did not work', detail: 'x is undefined' });
  });
});
