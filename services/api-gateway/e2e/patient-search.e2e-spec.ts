import { randomInt, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { PatientDemographicsChangedV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, systemSealer, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { publish } from './notification-support';

/**
 * The front desk's search (GET /patients?q=) and the duplicate warning at registration, through
 * the gateway. Every patient of this file has a last name made unique by a random run tag, so
 * reruns on the same database and other test files never show up in its results.
 */
describe('patient search and duplicates', () => {
  let desk: ApiClient;
  let outsider: ApiClient;
  const probe = new KafkaProbe();
  /** Eight random letters whose 4th and 5th differ: swapping equal letters (as in 'vtwkkzfq') is no typo, and failed a run in 26. */
  const randomTag = (): string => {
    const letters = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('');
    return letters[3] === letters[4] ? randomTag() : letters;
  };
  const tag = randomTag();
  /** The tag with two neighbouring letters swapped: one typo. */
  const typo = `${tag.slice(0, 3)}${tag[4]}${tag[3]}${tag.slice(5)}`;
  const phoneDigits = () => `646${String(2_000_000 + randomInt(7_999_999))}`;
  const formatted = (d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
  type Registered = { id: string; mrn: string; firstName: string; lastName: string; phone: string; email?: string };
  let jose: Registered;
  let maria: Registered;
  let mariana: Registered;
  const josePhone = phoneDigits();

  const register = async (body: Record<string, unknown>): Promise<Registered> => {
    const res = await desk.post('/patients', { preferredChannel: 'sms', ...body });
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const search = async (q: string, client = desk, extra = '') => {
    const res = await client.get(`/patients?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; score: number; matches: Array<{ field: string; how: string }> }>; total: number; limit: number; offset: number };
  };
  const ids = async (q: string) => (await search(q)).items.map((i) => i.id);

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    outsider = await ApiClient.loginAs('medical-assistant');
    expect(desk.user.siteIds).toEqual(['site-downtown']);
    expect(outsider.user.siteIds).not.toContain('site-downtown');
    await probe.record([Topics.patients]);
    jose = await register({ firstName: 'José', lastName: `Núñez${tag}`, dateOfBirth: '1984-03-12', phone: formatted(josePhone), email: `jose.${tag}@example.com` });
    maria = await register({ firstName: 'Maria', lastName: `Garcia${tag}`, dateOfBirth: '1990-07-04', phone: phoneDigits() });
    mariana = await register({ firstName: 'Mariana', lastName: `Garcia${tag}`, dateOfBirth: '1975-01-20', phone: phoneDigits() });
  });
  afterAll(() => probe.close());

  it('finds a name with or without its accents, in any case and order', async () => {
    expect(jose.phone).toBe(`+1${josePhone}`);
    expect(await ids(`jose nunez${tag}`)).toEqual([jose.id]);
    expect(await ids(`JOSÉ NÚÑEZ${tag.toUpperCase()}`)).toEqual([jose.id]);
    const swapped = await search(`nunez${tag}, jose`);
    expect(swapped.items.map((i) => i.id)).toEqual([jose.id]);
    expect(swapped.items[0].matches).toEqual([
      { term: `nunez${tag}`, field: 'lastName', how: 'exact' },
      { term: 'jose', field: 'firstName', how: 'exact' },
    ]);
  });

  it('tolerates one typo, and ranks exact above prefix above typo', async () => {
    const typed = await search(`nunez${typo}`);
    expect(typed.items.map((i) => i.id)).toEqual([jose.id]);
    expect(typed.items[0].matches[0].how).toBe('typo');
    expect(await ids(`nunze${tag}`)).toEqual([jose.id]);

    const ranked = await search(`garcia${tag} maria`);
    expect(ranked.items.map((i) => i.id)).toEqual([maria.id, mariana.id]);
    expect(ranked.items[0].score).toBeGreaterThan(ranked.items[1].score);
    expect(ranked.items[1].matches.map((m) => m.how)).toEqual(['exact', 'prefix']);
    const typoRanked = await search(`garcia${typo} maria`);
    expect(typoRanked.items.map((i) => i.id)).toEqual([maria.id, mariana.id]);
    expect(typoRanked.items[0].score).toBeLessThan(ranked.items[0].score);
  });

  it('finds by date of birth in several formats, alone with a name, and by birth year', async () => {
    for (const dob of ['1990-07-04', '07/04/1990', '7/4/90', '07041990']) {
      expect(await ids(`garcia${tag} ${dob}`)).toEqual([maria.id]);
    }
    expect(await ids(`garcia${tag} 1975`)).toEqual([mariana.id]);
    expect(await ids(`garcia${tag} 1990-07-05`)).toEqual([]);
  });

  it('finds by phone in any format and by its last digits, by MRN and by email', async () => {
    for (const q of [formatted(josePhone), `${josePhone.slice(0, 3)}.${josePhone.slice(3, 6)}.${josePhone.slice(6)}`, `+1 ${josePhone.slice(0, 3)} ${josePhone.slice(3, 6)} ${josePhone.slice(6)}`, `1${josePhone}`]) {
      const found = await search(q);
      expect(found.items.map((i) => i.id)).toContain(jose.id);
      expect(found.items.find((i) => i.id === jose.id)!.matches[0]).toEqual({ term: expect.any(String), field: 'phone', how: 'exact' });
    }
    expect(await ids(`jose ${josePhone.slice(-4)} nunez${tag}`)).toEqual([jose.id]);
    expect(await ids(`nunez${tag} ${josePhone.endsWith('0000') ? '1111' : '0000'}`)).toEqual([]);
    const byMrn = await search(jose.mrn);
    expect(byMrn.items[0]).toMatchObject({ id: jose.id, matches: [{ field: 'mrn', how: 'exact' }] });
    expect(await ids(`jose.${tag}@example.com`)).toEqual([jose.id]);
  });

  it("pages, and shows a user only the patients of their sites", async () => {
    const page = await search(`garcia${tag}`, desk, '&limit=1&offset=1');
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.items.map((i) => i.id)).toEqual([mariana.id]);

    expect((await search(`nunez${tag}`, outsider)).items).toEqual([]);
    expect((await search(jose.mrn, outsider)).items).toEqual([]);
    const otherSite = await outsider.get(`/patients?q=nunez${tag}&siteId=site-downtown`);
    expect([otherSite.status, otherSite.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
    const manager = await ApiClient.loginAs('office-manager');
    expect((await search(`nunez${tag}`, manager, '&siteId=site-riverside')).items).toEqual([]);
    expect((await search(`nunez${tag}`, manager, '&siteId=site-downtown')).items.map((i) => i.id)).toEqual([jose.id]);
    const billing = await ApiClient.loginAs('billing-coder');
    expect((await search(`nunez${tag}`, billing)).items.map((i) => i.id)).toEqual([jose.id]);
  });

  it("follows patient events, so a change another instance wrote reaches this instance's index", async () => {
    // Another instance's write: the stored record changes (not through this instance) and its event is published.
    const connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: 'clinic_patient_records' }).asPromise();
    try {
      const renamed = `Quintero${tag}`;
      // Names are stored sealed (encryption at rest): the other instance writes a new sealed value.
      const sealer = systemSealer();
      const aad = `patients/${maria.id}/sealed`;
      const before = await connection.collection('patients').findOne({ _id: maria.id } as never);
      const fields = await sealer.open<Record<string, string>>(before!.sealed, aad);
      await connection.collection('patients').updateOne({ _id: maria.id } as never, { $set: { sealed: await sealer.seal({ ...fields, lastName: renamed }, aad) }, $inc: { version: 1 } });
      expect(await ids(`quintero${tag}`)).toEqual([]);
      const stored = { phone: fields.phone };
      await publish(probe, PatientDemographicsChangedV1, maria.id, 'site-downtown', {
        patientId: maria.id,
        changedFields: ['lastName'],
        firstName: 'Maria',
        lastName: renamed,
        dateOfBirth: '1990-07-04',
        phone: stored!.phone,
        preferredChannel: 'sms',
        language: 'en',
        optedOutChannels: [],
        changedBy: 'another-instance',
        changedAt: new Date().toISOString(),
      });
      await waitFor(async () => (await ids(`quintero${tag}`)).includes(maria.id), { what: 'the renamed patient in search' });
      expect(await ids(`garcia${tag}`)).toEqual([mariana.id]);
    } finally {
      await connection.close();
    }
  });

  it('warns of likely duplicates before registering, with scores and reasons, and registers with a reason', async () => {
    const phone = phoneDigits();
    const dmitri = await register({ firstName: 'Dmitri', lastName: `Volkov${tag}`, dateOfBirth: '1962-11-23', phone: formatted(phone), preferredChannel: 'sms' });
    const typed = { firstName: 'Dmitri', lastName: `Volkov${typo}`, dateOfBirth: '1962-11-23', phone: `${phone.slice(0, 3)}-${phone.slice(3, 6)}-${phone.slice(6)}` };
    const again = { ...typed, preferredChannel: 'sms' };

    const check = await desk.post('/patients/duplicate-check', typed);
    expect(check.status).toBe(200);
    expect(check.body.candidates).toEqual([
      {
        id: dmitri.id,
        mrn: dmitri.mrn,
        firstName: 'Dmitri',
        lastName: `Volkov${tag}`,
        dateOfBirth: '1962-11-23',
        registeredAtSiteId: 'site-downtown',
        score: 0.93,
        reasons: [
          { field: 'lastName', how: 'one-typo' },
          { field: 'firstName', how: 'exact' },
          { field: 'dateOfBirth', how: 'exact' },
          { field: 'phone', how: 'same' },
        ],
        summary: 'last name one typo, first name exact, date of birth exact, phone same',
      },
    ]);
    const swapped = await desk.post('/patients/duplicate-check', { firstName: `Volkov${tag}`, lastName: 'Dmitri', dateOfBirth: '1962-11-23' });
    expect(swapped.body.candidates[0]).toMatchObject({ id: dmitri.id, reasons: [{ field: 'lastName', how: 'swapped' }, { field: 'firstName', how: 'swapped' }, { field: 'dateOfBirth', how: 'exact' }] });
    const monthDay = await desk.post('/patients/duplicate-check', { firstName: 'Dmitri', lastName: `Volkov${tag}`, dateOfBirth: '1962-11-28' });
    expect(monthDay.body.candidates[0]).toMatchObject({ id: dmitri.id, reasons: expect.arrayContaining([{ field: 'dateOfBirth', how: 'one-digit' }]) });
    // Another site's user sees nothing of this patient.
    expect((await outsider.post('/patients/duplicate-check', typed)).body.candidates).toEqual([]);

    const refused = await desk.post('/patients', again);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'PATIENT.POSSIBLE_DUPLICATE', candidates: [{ id: dmitri.id, score: 0.93 }] });
    expect(await ids(`volkov${typo} dmitri`)).toEqual([dmitri.id]); // nothing written

    const reason = 'Twin brother; confirmed with the patient';
    const registered = await desk.post('/patients', { ...again, duplicateOverride: { reason } });
    expect(registered.status).toBe(201);
    expect(registered.body.duplicateOverride).toMatchObject({ reason, candidatePatientIds: [dmitri.id], by: desk.user.id });
    expect((await desk.get(`/patients/${registered.body.id}`)).body.duplicateOverride.reason).toBe(reason);
    const event = await waitFor(async () => probe.envelopes().find((e) => e.type === 'patient.registered' && e.subject === registered.body.id), { what: 'patient.registered' });
    // The override (a free-text reason about the patient, and the candidates' ids) stays on the record, not in the event.
    expect(event.data).not.toHaveProperty('duplicateOverride');
    expect((await search(`volkov${tag} dmitri 1962-11-23`)).total).toBe(2);
  });

  it('refuses bad input with a problem and writes nothing', async () => {
    const lastName = `Bad${tag}${randomUUID().slice(0, 4).replace(/\d/g, 'x')}`;
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const futureDob = await desk.post('/patients', { firstName: 'Ada', lastName, dateOfBirth: future, email: 'ada@example.com', preferredChannel: 'email' });
    expect(futureDob.status).toBe(400);
    expect(futureDob.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'dateOfBirth' }] });
    const badPhone = await desk.post('/patients', { firstName: 'Ada', lastName, dateOfBirth: '1970-01-01', phone: '012-3456', preferredChannel: 'sms' });
    expect([badPhone.status, badPhone.body.errors[0].field]).toEqual([400, 'phone']);
    expect((await desk.get('/patients?q=')).status).toBe(400);
    expect(await ids(lastName)).toEqual([]);
  });
});
