import type { AuthorizationData } from '@clinic-flow/contracts';
import type { AuthorizationRecord } from './authorizations.schema';

/** What an authorization event carries: ids, status, number, counts and dates; never diagnoses or payer text. */
export function authorizationEventData(a: Omit<AuthorizationRecord, 'version'>, changedBy: string): AuthorizationData {
  return {
    authorizationId: a._id, patientId: a.patientId, coverageId: a.coverageId, payerId: a.payerId, siteId: a.siteId, status: a.status,
    ...(a.authorizationNumber ? { authorizationNumber: a.authorizationNumber } : {}),
    ...(a.approvedUnits !== undefined ? { approvedUnits: a.approvedUnits } : {}),
    usedUnits: a.usedUnits,
    ...(a.validFrom ? { validFrom: a.validFrom } : {}),
    ...(a.validTo ? { validTo: a.validTo } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    changedBy,
  };
}
