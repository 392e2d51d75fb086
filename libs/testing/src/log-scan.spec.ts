import { identifiersIn, matcherFor, matchersFor, PatientIdentifier, scanLog } from './log-scan';

const now = new Date('2026-12-01T08:00:00Z');
const patient = {
  firstName: 'Zephyrine',
  lastName: 'Quillfeather-0a1b2c3d4e5f6a7b',
  dateOfBirth: '1980-05-17',
  email: 'patient-1a2b3c4d@example.com',
  phone: '(555) 012-3456',
  address: { line1: '12 Harbor View Rd', city: 'New York', state: 'NY', postalCode: '10001' },
  emergencyContact: { name: 'Jose Lopez', relationship: 'spouse', phone: '+15550129999' },
  preferredChannel: 'sms',
};
const scan = (text: string, ids: PatientIdentifier[] = identifiersIn(patient)) => scanLog('svc.log', text, matchersFor(ids, now));

/** Lines the services write all day: levels, ids, ISO times, offsets, durations, MRNs, durations. */
const ordinary = [
  '{"level":"info","time":"2026-12-01T08:00:00.123Z","service":"notification","correlationId":"4f1c","msg":"sms sent","messageId":"m-1","patientId":"p-9","attempts":1}',
  '{"level":"warn","time":"2026-12-01T08:00:01.000Z","service":"scheduling","msg":"appointment a-1 on 1980-05-18 retried (partition 3, offset 5550123456789)"}',
  '{"level":"info","msg":"Nest application successfully started","context":"NestApplication","pid":5550123}',
  '{"level":"info","msg":"relay published 12 events for MRN-000123 in 55ms","lag":1764576000000}',
  '{"level":"error","msg":"Test clean-up of patient Quillfeather-ffff0000ffff0000 at Harbor"}',
];

describe('the scan of service logs for test patients', () => {
  it('records names, contact points, date of birth and address lines of a request, at any depth', () => {
    const kinds = identifiersIn(patient).map((i) => `${i.kind}:${i.value}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['name:Zephyrine', 'name:Quillfeather-0a1b2c3d4e5f6a7b', 'date-of-birth:1980-05-17', 'email:patient-1a2b3c4d@example.com', 'phone:(555) 012-3456', 'address:12 Harbor View Rd', 'name:Jose Lopez', 'phone:+15550129999']),
    );
    expect(kinds).not.toContain('address:New York');
  });

  it('finds nothing in ordinary log lines: ids, times, offsets, other dates and other names', () => {
    expect(scan(ordinary.join('\n'))).toEqual([]);
  });

  it.each([
    ['a name as typed', '{"msg":"registered Zephyrine"}', 'name'],
    ['a name folded by the search index', '{"msg":"index terms quillfeather-0a1b2c3d4e5f6a7b"}', 'name'],
    ['a name with its accents dropped', '{"msg":"José Lopez called"}', 'name'],
    ['a name in a logged URL', '{"msg":"GET /api/v1/patients?q=Zephyrine%20Quillfeather failed"}', 'name'],
    ['an email', '{"msg":"send to PATIENT-1a2b3c4d@example.com failed"}', 'email'],
    ['an email URL-encoded', '{"url":"/x?email=patient-1a2b3c4d%40example.com"}', 'email'],
    ['a phone in E.164', '{"to":"+15550123456"}', 'phone'],
    ['a phone as typed', '{"msg":"bad number 555-012-3456"}', 'phone'],
    ['a phone without country code', '{"msg":"5550123456"}', 'phone'],
    ['a date of birth', '{"dob":"1980-05-17"}', 'date-of-birth'],
    ['a date of birth in US format', '{"msg":"born 5/17/1980"}', 'date-of-birth'],
    ['an address line', '{"msg":"12 harbor view rd"}', 'address'],
  ])('finds %s', (_what, line, kind) => {
    expect(scan(`${ordinary[0]}\n${line}`)).toEqual([{ file: 'svc.log', line: 2, kind, hint: expect.any(String) }]);
  });

  it('never repeats a value in full in what it reports', () => {
    const [finding] = scan('{"to":"patient-1a2b3c4d@example.com"}');
    expect(finding.hint).toBe('pa…(28)');
  });

  it('does not search values too short or too common to tell a leak from a coincidence', () => {
    expect(matcherFor({ kind: 'name', value: 'Al' }, now)).toBeNull();
    expect(matcherFor({ kind: 'name', value: 'Test' }, now)).toBeNull();
    expect(matcherFor({ kind: 'name', value: 'SMS' }, now)).toBeNull();
    expect(matcherFor({ kind: 'phone', value: '12345' }, now)).toBeNull();
    // A date of birth within a year of now could be any appointment's date in a log.
    expect(matcherFor({ kind: 'date-of-birth', value: '2026-12-02' }, now)).toBeNull();
    expect(scan('{"msg":"Adapter ready; Ada"}', [{ kind: 'name', value: 'Ada' }])).toHaveLength(1);
    expect(scan('{"msg":"Adapter ready; adamant"}', [{ kind: 'name', value: 'Ada' }])).toEqual([]);
  });
});
