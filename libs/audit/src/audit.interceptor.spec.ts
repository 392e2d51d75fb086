import { Controller, Get, INestApplication, Param, Patch } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { correlationMiddleware, notFound, ProblemDetailsFilter } from '@clinic-flow/platform';
import { AuditRecord, sealEntry } from './chain';
import { auditContext } from './audit-context';
import { AuditPatientData } from './audit.decorators';
import { AuditInterceptor } from './audit.interceptor';
import { AuditChainWriter } from './audit.writer';

/** A writer that keeps entries in memory, or fails when told to. */
class FakeWriter {
  readonly service = 'patient-records';
  entries: AuditRecord[] = [];
  failNext = 0;
  async append(record: AuditRecord) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('database down');
    }
    this.entries.push(record);
    return sealEntry('patient-records:test', null, record);
  }
}

const handled: string[] = [];

@AuditPatientData()
@Controller('patients/:id')
class PatientRoutes {
  @Get()
  read(@Param('id') id: string) {
    // An access seam notes the patient it opened, with the glass broken to open it.
    auditContext.notePatient(id, id === 'p-glass' ? { reason: 'Unconscious in the ER', at: '2026-12-01T08:00:00.000Z' } : undefined);
    handled.push(`read ${id}`);
    return { id, name: 'shown only when recorded' };
  }

  @Patch()
  change(@Param('id') id: string) {
    handled.push(`change ${id}`);
    return { id };
  }

  @Get('empty')
  empty() {
    return { items: [] };
  }

  @Get('missing')
  missing(@Param('id') id: string) {
    throw notFound('PATIENT.NOT_FOUND', `There is no patient ${id}.`);
  }
}

@AuditPatientData()
@Controller('queue')
class QueueRoutes {
  @Get()
  list() {
    return { items: [] };
  }
}

describe('AuditInterceptor', () => {
  let app: INestApplication;
  const writer = new FakeWriter();

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [PatientRoutes, QueueRoutes],
      providers: [{ provide: AuditChainWriter, useValue: writer }, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
    }).compile();
    app = module.createNestApplication({ logger: false });
    app.use(correlationMiddleware);
    app.use((req: { user?: unknown }, _res: unknown, next: () => void) => {
      req.user = { id: 'user-1', roles: ['receptionist'], siteIds: ['site-downtown'] };
      next();
    });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
  });

  afterAll(() => app.close());

  beforeEach(() => {
    writer.entries = [];
    writer.failNext = 0;
    handled.length = 0;
  });

  const get = (path: string) => request(app.getHttpServer()).get(path).set('x-correlation-id', 'corr-1').set('x-forwarded-for', '203.0.113.5, 10.0.0.1').set('user-agent', 'spec');

  it('records a read after the handler with who, what, where from and the break-the-glass reason', async () => {
    const res = await get('/patients/p-glass');
    expect(res.status).toBe(200);
    expect(writer.entries).toEqual([
      expect.objectContaining({
        service: 'patient-records',
        actor: { userId: 'user-1', roles: ['receptionist'], siteIds: ['site-downtown'] },
        patientIds: ['p-glass'],
        operation: { method: 'GET', route: '/patients/:id', operationId: 'PatientRoutes.read', access: 'read' },
        phase: 'completed',
        status: 200,
        client: { ip: '203.0.113.5', userAgent: 'spec' },
        correlationId: 'corr-1',
        breakGlass: [{ patientId: 'p-glass', reason: 'Unconscious in the ER', at: '2026-12-01T08:00:00.000Z' }],
        params: { id: 'p-glass' },
      }),
    ]);
  });

  it('answers 503 AUDIT.UNAVAILABLE instead of the data when the read cannot be recorded', async () => {
    writer.failNext = 1;
    const res = await get('/patients/p-1');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('AUDIT.UNAVAILABLE');
    expect(JSON.stringify(res.body)).not.toContain('shown only when recorded');
  });

  it('records a write before it runs, and runs nothing when that cannot be recorded', async () => {
    const res = await request(app.getHttpServer()).patch('/patients/p-2').send({});
    expect(res.status).toBe(200);
    expect(writer.entries.map((e) => [e.phase, e.status, e.patientIds])).toEqual([
      ['attempt', undefined, ['p-2']],
      ['completed', 200, ['p-2']],
    ]);
    writer.entries = [];
    handled.length = 0;
    writer.failNext = 1;
    const refused = await request(app.getHttpServer()).patch('/patients/p-3').send({});
    expect(refused.status).toBe(503);
    expect(handled).toEqual([]);
    expect(writer.entries).toEqual([]);
  });

  it('records a refused read with its status and the patient the route named', async () => {
    const res = await get('/patients/p-4/missing');
    expect(res.status).toBe(404);
    expect(writer.entries).toEqual([expect.objectContaining({ status: 404, patientIds: ['p-4'], phase: 'completed' })]);
  });

  it('records nothing for a read that named and showed no patient', async () => {
    expect((await get('/queue')).status).toBe(200);
    expect(writer.entries).toEqual([]);
  });

  it("records an empty read of a patient the path names (that they have nothing is about them)", async () => {
    expect((await get('/patients/p-5/empty')).status).toBe(200);
    expect(writer.entries).toEqual([expect.objectContaining({ patientIds: ['p-5'], status: 200 })]);
  });
});
