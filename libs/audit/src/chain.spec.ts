import { AuditEntry, AuditRecord, canonicalJson, entryId, GENESIS_HASH, hashEntry, sealEntry, verifyChain, verifyChains } from './chain';

const record = (n: number): AuditRecord => ({
  at: new Date(Date.UTC(2026, 11, 1, 8, 0, n)).toISOString(),
  service: 'patient-records',
  actor: { userId: `user-${n % 3}`, roles: ['receptionist'], siteIds: ['site-downtown'] },
  patientIds: [`patient-${n}`],
  operation: { method: 'GET', route: '/patients/:id', operationId: 'PatientsController.get', access: 'read' },
  phase: 'completed',
  status: 200,
  client: { ip: '203.0.113.9', userAgent: 'jest' },
  correlationId: `corr-${n}`,
});

/** A chain of `n` entries as the writer seals them. */
function chain(n: number, chainId = 'patient-records:host-1'): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i += 1) entries.push(sealEntry(chainId, entries[i - 2] ?? null, record(i)));
  return entries;
}

/** What the database would hand back after a document's body (everything but _id) was replaced. */
const withBodyOf = (target: AuditEntry, source: AuditEntry): AuditEntry => ({ ...source, _id: target._id });

describe('sealing entries', () => {
  it('numbers entries from 1, links each to the one before and places it by a zero-padded _id', () => {
    const [first, second] = chain(2);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, _id: 'patient-records:host-1:000000000001' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, _id: entryId('patient-records:host-1', 2) });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(first)).toBe(first.hash);
  });

  it('hashes a canonical form: the key order and undefined members make no difference', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
    const [entry] = chain(1);
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as AuditEntry;
    expect(hashEntry({ ...reordered, attemptSeq: undefined })).toBe(entry.hash);
  });
});

describe('verifyChain', () => {
  it('finds an untouched chain ok and reports its head', () => {
    const entries = chain(5);
    expect(verifyChain('patient-records:host-1', entries)).toEqual({
      chainId: 'patient-records:host-1',
      entries: 5,
      ok: true,
      head: { seq: 5, hash: entries[4].hash, at: entries[4].at },
      problems: [],
    });
  });

  it('accepts entries in any order (they are placed by seq)', () => {
    expect(verifyChain('patient-records:host-1', chain(4).reverse()).ok).toBe(true);
  });

  it('names a changed entry (content no longer matches its hash)', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], actor: { ...entries[2].actor, userId: 'someone-else' } };
    const report = verifyChain('patient-records:host-1', entries);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ problem: 'changed', seq: 3, id: entries[2]._id, detail: expect.stringContaining('does not match its hash') }]);
  });

  it('names the entry after a changed one whose hash was recomputed (its link breaks)', () => {
    const entries = chain(5);
    const forged = { ...entries[1], patientIds: ['patient-other'] };
    entries[1] = { ...forged, hash: hashEntry(forged) };
    expect(verifyChain('patient-records:host-1', entries).problems).toEqual([
      { problem: 'broken-link', seq: 3, id: entries[2]._id, detail: expect.stringContaining(`seq 2, ${entries[1]._id}`) },
    ]);
  });

  it('names a removed entry by the gap it leaves, and several removed in a row', () => {
    const entries = chain(6);
    const oneGone = entries.filter((e) => e.seq !== 3);
    expect(verifyChain('patient-records:host-1', oneGone).problems).toEqual([
      { problem: 'removed', seq: 4, id: entries[3]._id, detail: 'the entries with seq 3 before it are missing (removed)' },
    ]);
    const twoGone = entries.filter((e) => e.seq !== 2 && e.seq !== 3);
    expect(verifyChain('patient-records:host-1', twoGone).problems).toEqual([
      { problem: 'removed', seq: 4, id: entries[3]._id, detail: 'the entries with seq 2 to 3 before it are missing (removed)' },
    ]);
  });

  it('names a removed first entry', () => {
    const entries = chain(3).slice(1);
    expect(verifyChain('patient-records:host-1', entries).problems).toEqual([{ problem: 'removed', seq: 2, id: entries[0]._id, detail: expect.stringContaining('seq 1') }]);
  });

  it('names both entries of a swap (each stored in the place of the other)', () => {
    const entries = chain(5);
    const [third, fourth] = [entries[2], entries[3]];
    entries[2] = withBodyOf(third, fourth);
    entries[3] = withBodyOf(fourth, third);
    const report = verifyChain('patient-records:host-1', entries);
    expect(report.problems).toEqual([
      { problem: 'reordered', seq: 3, id: fourth._id, detail: `the entry with seq 3 is stored at ${fourth._id}, the place of another entry` },
      { problem: 'reordered', seq: 4, id: third._id, detail: `the entry with seq 4 is stored at ${third._id}, the place of another entry` },
    ]);
  });

  it('names entries renumbered into each other’s places (their hashes and links no longer hold)', () => {
    const entries = chain(4);
    const renumber = (e: AuditEntry, seq: number): AuditEntry => ({ ...e, seq, _id: entryId(e.chainId, seq) });
    const swapped = [entries[0], renumber(entries[2], 2), renumber(entries[1], 3), entries[3]];
    const problems = verifyChain('patient-records:host-1', swapped).problems;
    expect(problems.map((p) => [p.problem, p.seq])).toEqual([
      ['changed', 2],
      ['broken-link', 2],
      ['changed', 3],
      ['broken-link', 3],
      ['broken-link', 4],
    ]);
  });

  it('names a seq that appears twice', () => {
    const entries = chain(3);
    const copy = { ...entries[1], _id: `${entries[1]._id}-copy` };
    expect(verifyChain('patient-records:host-1', [...entries, copy]).problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ problem: 'duplicate', seq: 2 })]),
    );
  });

  it('does not notice entries removed from the newest end: only a head recorded elsewhere does', () => {
    const entries = chain(5);
    const report = verifyChain('patient-records:host-1', entries.slice(0, 3));
    expect(report.ok).toBe(true);
    expect(report.head?.seq).toBe(3);
    expect(report.head?.hash).not.toBe(entries[4].hash);
  });
});

describe('verifyChains', () => {
  it('checks each chain on its own, grouped by the chain their _id names', () => {
    const a = chain(3, 'scheduling:host-1');
    const b = chain(2, 'scheduling:host-2');
    b[1] = { ...b[1], status: 500 };
    const reports = verifyChains([...b, ...a]);
    expect(reports.map((r) => [r.chainId, r.ok, r.entries])).toEqual([
      ['scheduling:host-1', true, 3],
      ['scheduling:host-2', false, 2],
    ]);
    expect(reports[1].problems).toEqual([expect.objectContaining({ problem: 'changed', seq: 2, id: b[1]._id })]);
  });
});
