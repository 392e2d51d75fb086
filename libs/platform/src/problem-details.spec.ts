import { BadRequestException, NotFoundException } from '@nestjs/common';
import { conflict } from './errors';
import { toProblem } from './problem-details.filter';

describe('toProblem', () => {
  it('maps a domain error to its status and keeps its code', () => {
    expect(toProblem(conflict('APPOINTMENT.SLOT_TAKEN', 'taken'))).toMatchObject({
      status: 409,
      code: 'APPOINTMENT.SLOT_TAKEN',
      title: 'Conflict',
      detail: 'taken',
      type: 'urn:clinic-flow:problem:appointment.slot_taken',
    });
  });

  it('passes an upstream problem through unchanged', () => {
    const upstream = { type: 'urn:x', title: 'Conflict', status: 409, code: 'APPOINTMENT.SLOT_TAKEN', detail: 'taken' };
    expect(toProblem(new BadRequestException(upstream))).toBe(upstream);
  });

  it('gives framework errors a stable code and hides unknown errors', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, code: 'RESOURCE.NOT_FOUND' });
    expect(toProblem(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 }))).toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_JSON' });
    const hidden = toProblem(new Error('password=hunter2 in connection string'));
    expect(hidden).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(hidden)).not.toContain('hunter2');
  });
});
