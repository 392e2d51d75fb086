import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ProblemDetailsDto } from '@clinic-flow/contracts';
import { agingCsv, collectionsCsv, daysInArCsv, denialsCsv } from './reports.rules';
import { ReportsService } from './reports.service';
import { invalid, OneQueryValue } from '@clinic-flow/platform';

/** CSV when asked by `format=csv` or Accept; a format other than json or csv is refused, not ignored. */
const wantsCsv = (format: string | undefined, accept: string | undefined) => {
  if (format !== undefined && format !== 'json' && format !== 'csv') {
    throw invalid('REPORT.FORMAT', 'format is json or csv.', [{ field: 'format', messages: ['must be json or csv'] }]);
  }
  return format === 'csv' || (!format && !!accept?.includes('text/csv'));
};

@ApiTags('reports')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('collections')
  @ApiResponse({ status: 422, type: ProblemDetailsDto, description: 'REPORT.PERIOD_REVERSED: from is after to' })
  @Roles(...Policies.readBillingReports)
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', format: 'date' }, description: 'YYYY-MM-DD (default: the first of this month)' })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date' }, description: 'YYYY-MM-DD, inclusive (default: today)' })
  @ApiQuery({ name: 'siteId', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ description: 'Patient payments and refunds per site and method over the period (cents); CSV with format=csv or Accept: text/csv' })
  async collections(
    @Query('from', OneQueryValue) from: string | undefined, @Query('to', OneQueryValue) to: string | undefined, @Query('siteId', OneQueryValue) siteId: string | undefined,
    @Query('format', OneQueryValue) format: string | undefined, @Headers('accept') accept: string | undefined, @CurrentUser() user: AuthUser, @Res() res: Response,
  ): Promise<void> {
    const report = await this.reports.collections(user, from, to, siteId);
    if (wantsCsv(format, accept)) {
      res.status(200).type('text/csv').setHeader('content-disposition', `attachment; filename="collections-${report.from}-${report.to}.csv"`).send(collectionsCsv(report.rows));
      return;
    }
    res.status(200).json(report);
  }

  @Get('ar-aging')
  @Roles(...Policies.readBillingReports)
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'siteId', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ description: 'A/R by site in buckets 0-30, 31-60, 61-90, 91-120, 120+ days (cents): `patient` rows (aged by date of service of the oldest unpaid debt) and `payer:<payerId>` rows (what claims still have billed to insurance, aged by the claim\'s date of service)' })
  async aging(
    @Query('siteId', OneQueryValue) siteId: string | undefined, @Query('format', OneQueryValue) format: string | undefined, @Headers('accept') accept: string | undefined,
    @CurrentUser() user: AuthUser, @Res() res: Response,
  ): Promise<void> {
    const report = await this.reports.aging(user, siteId);
    if (wantsCsv(format, accept)) {
      res.status(200).type('text/csv').setHeader('content-disposition', 'attachment; filename="ar-aging.csv"').send(agingCsv(report.rows));
      return;
    }
    res.status(200).json(report);
  }

  @Get('denials')
  @ApiResponse({ status: 422, type: ProblemDetailsDto, description: 'REPORT.PERIOD_REVERSED: from is after to' })
  @Roles(...Policies.readBillingReports)
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', format: 'date' }, description: 'YYYY-MM-DD, denial date (default: the first of this month)' })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date' }, description: 'YYYY-MM-DD, inclusive (default: today)' })
  @ApiQuery({ name: 'siteId', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ description: 'Denied claim lines over the period per site, payer, group code and CARC (with its description): count and cents' })
  async denials(
    @Query('from', OneQueryValue) from: string | undefined, @Query('to', OneQueryValue) to: string | undefined, @Query('siteId', OneQueryValue) siteId: string | undefined,
    @Query('format', OneQueryValue) format: string | undefined, @Headers('accept') accept: string | undefined, @CurrentUser() user: AuthUser, @Res() res: Response,
  ): Promise<void> {
    const report = await this.reports.denials(user, from, to, siteId);
    if (wantsCsv(format, accept)) {
      res.status(200).type('text/csv').setHeader('content-disposition', `attachment; filename="denials-${report.from}-${report.to}.csv"`).send(denialsCsv(report.rows));
      return;
    }
    res.status(200).json(report);
  }

  @Get('days-in-ar')
  @Roles(...Policies.readBillingReports)
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'siteId', required: false })
  @ApiQuery({ name: 'days', required: false, schema: { type: 'integer', minimum: 1, maximum: 730 }, description: 'The look-back for average daily charges, 1-730 (default 90)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ description: 'Total A/R (patient + insurance, cents) ÷ average daily charges over the last N days, with the numbers it is made of; daysInAr is null with no charges' })
  async daysInAr(
    @Query('siteId', OneQueryValue) siteId: string | undefined, @Query('days', OneQueryValue) days: string | undefined, @Query('format', OneQueryValue) format: string | undefined,
    @Headers('accept') accept: string | undefined, @CurrentUser() user: AuthUser, @Res() res: Response,
  ): Promise<void> {
    const report = await this.reports.daysInAr(user, days, siteId);
    if (wantsCsv(format, accept)) {
      res.status(200).type('text/csv').setHeader('content-disposition', 'attachment; filename="days-in-ar.csv"').send(daysInArCsv(report));
      return;
    }
    res.status(200).json(report);
  }
}
