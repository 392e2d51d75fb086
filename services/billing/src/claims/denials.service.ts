import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { ClaimsRepository } from './claims.repository';

/** The denials work queue: a site's denied lines still open, with their reason and remark codes explained. */
@Injectable()
export class DenialsService {
  constructor(private readonly claims: ClaimsRepository) {}

  async list(user: AuthUser, siteId: string) {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const claims = await this.claims.withOpenDenials(scope, siteId);
    const items = claims.flatMap((c) => c.denials.filter((d) => d.open).map((d) => ({
      id: d.id, claimId: c._id, patientId: c.patientId, siteId: c.siteId, payerId: c.payerId, payerName: c.payerName, order: c.order, dateOfService: c.dateOfService,
      lineId: d.lineId, procedureCode: d.procedureCode, chargeCents: d.chargeCents, group: d.group, reason: d.reason, reasonText: d.reasonText, amountCents: d.amountCents,
      remarks: d.remarks, remittanceId: d.remittanceId, deniedAt: new Date(d.deniedAt).toISOString(),
    }))).sort((a, b) => a.deniedAt.localeCompare(b.deniedAt));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }
}
