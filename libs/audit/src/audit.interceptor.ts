import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DomainError, toProblem, workContext } from '@clinic-flow/platform';
import type { AuditRecord } from './chain';
import { AuditNotes, auditContext } from './audit-context';
import { AUDIT_KEY, AuditOptions } from './audit.decorators';
import { patientIdOfRoute, patientIdsIn } from './patient-ids';
import { AuditChainWriter } from './audit.writer';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Caller {
  id: string;
  roles: string[];
  siteIds: string[];
}

/** What an answer holding data is refused with when its entry cannot be written. */
export function auditUnavailable(): DomainError {
  return new DomainError('unavailable', 'AUDIT.UNAVAILABLE', 'The access could not be recorded in the audit trail, so nothing is shown; try again shortly.');
}

/**
 * Writes the audit entry of every call of a route marked `@AuditPatientData` (and of any other
 * route that reached a patient through an access seam). A read is written after the handler and
 * before the answer is sent: if it cannot be, the caller gets 503 AUDIT.UNAVAILABLE instead of the
 * data. A write is written twice: an `attempt` before the handler runs (if that fails nothing is
 * changed: 503), so a write that commits always has an entry even if the process dies right after,
 * and a `completed` entry with its outcome after it. A route that streams its answer (@Res) calls
 * `recordBeforeSending()` itself before the first byte.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditInterceptor');

  constructor(
    private readonly reflector: Reflector,
    private readonly writer: AuditChainWriter,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const options = this.reflector.getAllAndOverride<AuditOptions | undefined>(AUDIT_KEY, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    const res = context.switchToHttp().getResponse<Response>();
    const access = options?.access ?? (READ_METHODS.has(req.method) ? 'read' : 'write');
    const notes = new AuditNotes();
    const operation = {
      method: req.method,
      route: (req.route as { path?: string } | undefined)?.path ?? req.path,
      operationId: `${context.getClass().name}.${context.getHandler().name}`,
      access,
    } as const;
    const params = ids(req.params);
    // The patient a call names before it runs: in its path, or (booking, waitlist) in its body.
    const bodyPatient = (req.body as { patientId?: unknown } | undefined)?.patientId;
    const routePatient = patientIdOfRoute(operation.route, params) ?? (typeof bodyPatient === 'string' ? bodyPatient : undefined);
    const build = (phase: AuditRecord['phase'], status?: number, attemptSeq?: number): AuditRecord => {
      const patientIds = new Set(notes.patientIds);
      if (routePatient && (phase === 'attempt' || patientIds.size === 0)) patientIds.add(routePatient);
      const breakGlass = [...notes.breakGlass.entries()].map(([patientId, note]) => ({ patientId, ...note }));
      return {
        at: new Date().toISOString(),
        service: this.writer.service,
        actor: req.user ? { userId: req.user.id, roles: [...req.user.roles], siteIds: [...req.user.siteIds] } : { userId: null, roles: [], siteIds: [], via: options?.via ?? 'public' },
        patientIds: [...patientIds],
        operation,
        phase,
        status,
        client: { ip: clientAddress(req), userAgent: req.header('user-agent') },
        correlationId: workContext.correlationId(),
        breakGlass: breakGlass.length ? breakGlass : undefined,
        params: Object.keys(params).length ? params : undefined,
        attemptSeq,
      };
    };

    const run = async (): Promise<unknown> => {
      let attemptSeq: number | undefined;
      if (options && access === 'write') {
        attemptSeq = await this.writer.append(build('attempt')).then(
          (entry) => entry.seq,
          (error: unknown) => {
            this.logger.error(`audit attempt not written for ${operation.operationId}: ${(error as Error).message}`);
            throw auditUnavailable();
          },
        );
      }
      const complete = async (status: number): Promise<void> => {
        notes.recorded = true;
        await this.writer.append(build('completed', status, attemptSeq));
      };
      notes.flush = async () => {
        if (notes.recorded) return;
        await complete(res.statusCode).catch((error: unknown) => {
          this.logger.error(`audit entry not written for ${operation.operationId}: ${(error as Error).message}`);
          throw auditUnavailable();
        });
      };
      let body: unknown;
      try {
        body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      } catch (error) {
        if (!notes.recorded && (options || notes.patientIds.size)) {
          // The refusal or failure is on record too (an attempt to reach another site's patient); best effort.
          await complete(toProblem(error).status).catch((e: unknown) => this.logger.error(`audit entry of a failed call not written: ${(e as Error).message}`));
        }
        throw error;
      }
      if (notes.recorded) return body;
      for (const id of patientIdsIn(body, options?.subject)) notes.notePatient(id);
      // A read that named no patient and showed none disclosed nothing (an empty search, the forms
      // catalogue); one of a named patient did, even when empty ("no messages" is about them).
      if (access === 'read' && notes.patientIds.size === 0 && !routePatient) return body;
      if (!options && notes.patientIds.size === 0) return body;
      const status = successStatus(context, req, res);
      try {
        await complete(status);
      } catch (error) {
        this.logger.error(`audit entry not written for ${operation.operationId}: ${(error as Error).message}`);
        // A write that committed keeps its answer: its attempt entry is on the chain already.
        if (access === 'read' || attemptSeq === undefined) throw auditUnavailable();
      }
      return body;
    };
    return from(auditContext.run(notes, run));
  }
}

/** The status Nest will send for a handler's value: its @HttpCode, else 201 for POST, 200 otherwise. */
function successStatus(context: ExecutionContext, req: Request, res: Response): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
  if (declared) return declared;
  if (res.statusCode !== 200) return res.statusCode;
  return req.method === 'POST' ? 201 : 200;
}

/** The client's address as the gateway forwarded it (services are reachable only through it). */
function clientAddress(req: Request): string | undefined {
  const forwarded = req.header('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || req.socket.remoteAddress;
}

function ids(params: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    // A patient's link token is a credential, not an id: it is not kept.
    if (typeof value === 'string' && name !== 'token') out[name] = value;
  }
  return out;
}
