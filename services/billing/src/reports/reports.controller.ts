import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ProblemDetailsDto } from '@clinic-flow/contracts';
import { agingCsv, collectionsCsv } from './reports.rules';
import { ReportsService } from './reports.service';

const wantsCsv = (format: string | undefined, accept: string | undefined) => format === 'csv' || (!format && !!accept?.includes('text/csv'));

@ApiTags('reports')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('collections')
  @Roles(...Policies.readBillingReports)
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (default: the first of this month)' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD, inclusive (default: today)' })
  @ApiQuery({ name: 'siteId', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ description: 'Patient payments and refunds per site and method over the period (cents); CSV with format=csv or Accept: text/csv' })
  async collections(
    @Query('from') from: string | undefined, @Query('to') to: string | undefined, @Query('siteId') siteId: string | undefined,
    @Query('format') format: string | undefined, @Headers('accept') accept: string | undefined, @CurrentUser() user: AuthUser, @Res() res: Response,
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
  @ApiOkResponse({ description: 'Patient A/R by site in buckets 0-30, 31-60, 61-90, 91-120, 120+ days (cents); rows carry a responsibility so payer rows join them' })
  async aging(
    @Query('siteId') siteId: string | undefined, @Query('format') format: string | undefined, @Headers('accept') accept: string | undefined,
    @CurrentUser() user: AuthUser, @Res() res: Response,
  ): Promise<void> {
    const report = await this.reports.aging(user, siteId);
    if (wantsCsv(format, accept)) {
      res.status(200).type('text/csv').setHeader('content-disposition', 'attachment; filename="ar-aging.csv"').send(agingCsv(report.rows));
      return;
    }
    res.status(200).json(report);
  }
}
