import { DomainError, statusOfKind } from '@clinic-flow/platform';
import { decodeCursor, encodeCursor } from './audit.reader';

describe("the audit listing's paging cursor", () => {
  it('reads back the position it wrote', () => {
    const cursor = { at: '2026-12-02T09:00:00.000Z', id: 'a-1' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(encodeCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each(['0', 'WyI0', Buffer.from('{"at":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')])(
    'answers a well-formed cursor it never gave out (%s) with 422 AUDIT.CURSOR_INVALID, not 400',
    (cursor) => {
      const error = (() => {
        try {
          decodeCursor(cursor);
        } catch (e) {
          return e as DomainError;
        }
      })();
      expect(error).toBeInstanceOf(DomainError);
      expect([statusOfKind[error!.kind], error!.code]).toEqual([422, 'AUDIT.CURSOR_INVALID']);
    },
  );
});
