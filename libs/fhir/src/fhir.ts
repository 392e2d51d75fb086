/*
 * FHIR R4 plumbing shared by every service that answers FHIR reads: the media type, searchset
 * Bundles, and OperationOutcome errors. Resources are typed with @medplum/fhirtypes (types only,
 * nothing of it runs), so a builder that drifts from R4 does not compile; tests validate what the
 * routes answer against the official R4 JSON schema (@clinic-flow/fhir/testing).
 */
import type { Bundle, OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/** The FHIR JSON media type every /fhir/R4 route answers with. */
export const FHIR_JSON = 'application/fhir+json';

/** Where FHIR routes live under a service (and, behind the gateway, under /api/v1). */
export const FHIR_BASE_PATH = 'fhir/R4';

/** OpenAPI descriptions of FHIR answers (`@ApiOkResponse(FHIR_BUNDLE)`): the schema is R4's, not ours. */
export const FHIR_RESOURCE = { description: `A FHIR R4 resource (${FHIR_JSON})`, schema: { type: 'object' as const } };
export const FHIR_BUNDLE = { description: `A FHIR R4 searchset Bundle (${FHIR_JSON})`, schema: { type: 'object' as const } };
export const FHIR_OUTCOME = { description: `An OperationOutcome (${FHIR_JSON}) whose issue details carry the problem code`, schema: { type: 'object' as const } };

/** The code system of Clinic Flow's stable problem codes (PATIENT.NOT_FOUND, ...) inside an OperationOutcome. */
export const PROBLEM_CODE_SYSTEM = 'urn:clinic-flow:problem-code';

/**
 * A searchset Bundle of the resources a search found (all of them: searches here are by patient
 * and small, so there is no paging yet). `self` is the search URL as the client sent it.
 */
export function searchset<T extends Resource>(resources: T[], self?: string): Bundle<T> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    ...(self ? { link: [{ relation: 'self', url: self }] } : {}),
    entry: resources.map((resource) => ({
      ...(resource.id ? { fullUrl: `${resource.resourceType}/${resource.id}` } : {}),
      resource,
      search: { mode: 'match' as const },
    })),
  };
}

/** HTTP status -> the OperationOutcome issue type FHIR servers use for it. */
const ISSUE_TYPE: Record<number, OperationOutcomeIssue['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'deleted',
  422: 'processing',
  429: 'throttled',
};

/**
 * An OperationOutcome for an error: one issue whose `details` carries our stable problem code (the
 * same code the problem-details routes give) and whose `diagnostics` the message for people.
 */
export function operationOutcome(status: number, code: string, message: string, fields: { field: string; messages: string[] }[] = []): OperationOutcome {
  const issue = (diagnostics: string, expression?: string): OperationOutcomeIssue => ({
    severity: status >= 500 ? 'fatal' : 'error',
    code: ISSUE_TYPE[status] ?? (status >= 500 ? 'exception' : 'processing'),
    details: { coding: [{ system: PROBLEM_CODE_SYSTEM, code }], text: message },
    diagnostics,
    ...(expression ? { expression: [expression] } : {}),
  });
  return {
    resourceType: 'OperationOutcome',
    issue: fields.length ? fields.map((f) => issue(f.messages.join('; '), f.field)) : [issue(message)],
  };
}

/** The stable problem code inside an OperationOutcome made by operationOutcome(). */
export function problemCodeOf(outcome: OperationOutcome): string | undefined {
  return outcome.issue?.[0]?.details?.coding?.find((c) => c.system === PROBLEM_CODE_SYSTEM)?.code;
}
