import { Schema } from 'mongoose';
import { KeySet, newKeySet, Sealer, StaticKeyProvider } from '@clinic-flow/crypto';
import { applyInMemory, SealedFields, SEALED_FIELD } from './sealed-fields';

const sealer = new Sealer(new StaticKeyProvider(KeySet.from(newKeySet('k1'), 'test')));
const fields = () => new SealedFields(sealer, 'people', ['name', 'contact', 'notes']);

describe('SealedFields', () => {
  it('replaces sealed paths in the schema (nested objects whole) with the one sealed string', () => {
    const schema = new Schema({ _id: String, name: { type: String, required: true }, contact: { phone: { type: String, required: true }, city: String }, notes: [String], siteId: String });
    fields().adaptSchema(schema);
    expect(Object.keys(schema.paths).sort()).toEqual(['_id', SEALED_FIELD, 'siteId'].sort());
  });

  it('stores only the plain fields and one sealed value, and reads the document back as it was', async () => {
    const doc = { _id: 'p1', siteId: 's1', name: 'Ada', contact: { phone: '+1555' }, notes: ['x'], at: new Date('2026-01-01T00:00:00Z') };
    const stored = await fields().toStored(doc);
    expect(Object.keys(stored).sort()).toEqual(['_id', 'at', SEALED_FIELD, 'siteId'].sort());
    expect(JSON.stringify(stored)).not.toMatch(/Ada|1555/);
    expect(await fields().fromStored(stored)).toEqual(doc);
  });

  it('refuses a sealed value copied onto another document', async () => {
    const stored = await fields().toStored({ _id: 'p1', name: 'Ada' });
    await expect(fields().fromStored({ ...stored, _id: 'p2' })).rejects.toThrow(/another record or field/);
  });

  it('splits a change into sealed and plain operations by top-level field', () => {
    expect(fields().split({ set: { 'contact.phone': '1', siteId: 's2' }, push: { notes: 'n' }, inc: { count: 1 } })).toEqual({
      sealed: { set: { 'contact.phone': '1' }, push: { notes: 'n' } },
      plain: { set: { siteId: 's2' }, inc: { count: 1 } },
    });
  });

  it('marks plaintext and values under another key for re-sealing', async () => {
    const stored = await fields().toStored({ _id: 'p1', name: 'Ada' });
    expect(fields().needsReseal(stored, 'k1')).toBe(false);
    expect(fields().needsReseal(stored, 'k2')).toBe(true);
    expect(fields().needsReseal({ _id: 'p1', name: 'Ada' }, 'k1')).toBe(true);
  });
});

describe('applyInMemory', () => {
  it('applies set (nested paths, undefined unsets), push with $each, addToSet by deep equality and inc like MongoDB', () => {
    const doc = { _id: 'a', contact: { phone: '1', city: 'X' }, notes: [{ t: 1 }], count: 1, gone: 'y' };
    const next = applyInMemory(doc, {
      set: { 'contact.phone': '2', gone: undefined, 'fresh.deep': true },
      push: { list: { $each: [1, 2] } },
      addToSet: { notes: { $each: [{ t: 1 }, { t: 2 }] } },
      inc: { count: 2 },
    });
    expect(next).toEqual({ _id: 'a', contact: { phone: '2', city: 'X' }, notes: [{ t: 1 }, { t: 2 }], count: 3, list: [1, 2], fresh: { deep: true } });
    expect(doc.contact.phone).toBe('1');
  });
});
