import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ProblemDetailsDto, RunStatementsRequest, RunStatementsResultDto, StatementDto } from '@clinic-flow/contracts';
import { StatementsService } from './statements.service';

@ApiTags('statements')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN' })
@Controller()
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Post('statements/run')
  @HttpCode(200)
  @Roles(...Policies.runStatements)
  @ApiOkResponse({ type: RunStatementsResultDto, description: "Statements issued now for the site's accounts with a patient balance and no dunning sequence under way" })
  run(@Body() body: RunStatementsRequest, @CurrentUser() user: AuthUser) {
    return this.statements.runForSite(user, body.siteId);
  }

  @Get('accounts/:id/statements')
  @Roles(...Policies.readAccounts)
  @ApiOkResponse({ type: StatementDto, isArray: true, description: 'Oldest first' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ACCOUNT.NOT_FOUND' })
  async list(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    const items = await this.statements.listForAccount(user, id);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Get('statements/:id/pdf')
  @Roles(...Policies.readAccounts)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The statement as the guarantor got it (PDF)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'STATEMENT.NOT_FOUND' })
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const { statement, pdf } = await this.statements.pdf(user, id);
    res.status(200).type('application/pdf').setHeader('content-disposition', `attachment; filename="statement-${statement._id}.pdf"`);
    res.send(pdf);
  }
}
