import { applyDecorators, ArgumentsHost, CallHandler, Catch, ExceptionFilter, ExecutionContext, Injectable, Logger, NestInterceptor, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { invalid, redactErrorText, toProblem } from '@clinic-flow/platform';
import { FHIR_JSON, operationOutcome } from './fhir';

/** Every error of a FHIR route (domain error, validation, role refusal) answered as an OperationOutcome. */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('FhirOutcomeFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error(`FHIR route failed: ${redactErrorText((error as Error)?.stack ?? String(error))}`);
    res.status(problem.status).type(FHIR_JSON).send(JSON.stringify(operationOutcome(problem.status, problem.code, problem.detail, problem.errors)));
  }
}

/** Answers with the FHIR JSON media type. */
@Injectable()
export class FhirContentTypeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<Response>().type(FHIR_JSON);
    return next.handle();
  }
}

/**
 * Put on a controller of FHIR routes (`@Controller('fhir/R4')`): answers are application/fhir+json
 * and errors OperationOutcomes carrying the stable problem code.
 */
export const FhirApi = () => applyDecorators(UseFilters(FhirOutcomeFilter), UseInterceptors(FhirContentTypeInterceptor));

/** `?patient=Patient/123` or `?patient=123` -> `123`; 400 FHIR.SEARCH_PARAMETER_REQUIRED when absent, FHIR.SEARCH_PARAMETER_REPEATED when given twice. */
export function patientSearchParam(value: unknown): string {
  if (Array.isArray(value) || (value !== undefined && typeof value !== 'string')) {
    throw invalid('FHIR.SEARCH_PARAMETER_REPEATED', 'Search by one patient: ?patient={id} once.', [{ field: 'patient', messages: ['patient must be given once'] }]);
  }
  const id = value?.replace(/^Patient\//, '').trim();
  if (!id) throw invalid('FHIR.SEARCH_PARAMETER_REQUIRED', 'Search by patient: ?patient={id}.', [{ field: 'patient', messages: ['patient is required'] }]);
  return id;
}

/** The search as a URL relative to the FHIR base (`Condition?patient=1`), the same behind /api/v1/fhir/R4, /fhir/R4 and the service. */
export const searchSelf = (req: Request): string => req.originalUrl.replace(/^.*?\/fhir\/R4\//, '');
