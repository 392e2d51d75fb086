import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { IssueLetterRequest, LetterDto, LetterListResponse, PrintQueueQuery, ProblemDetailsDto } from '@clinic-flow/contracts';
import { LettersService } from './letters.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('letters')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller()
export class LettersController {
  constructor(private readonly letters: LettersService) {}

  @Post('patients/:id/letters')
  @Roles(...Policies.issueLetters)
  @ApiCreatedResponse({ type: LetterDto, description: "Rendered with the site's letterhead in the patient's language, stored as a document; email: a download link is sent, print: queued" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, REFERRAL.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'REFERRAL.CLOSED, LETTER.SITE_NOT_KNOWN' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'LETTER.PATIENT_UNREACHABLE (email without any address)' })
  issue(@Param('id') patientId: string, @Body() body: IssueLetterRequest, @CurrentUser() user: AuthUser) {
    return this.letters.issue(patientId, body, user);
  }

  @Get('patients/:id/letters')
  @Roles(...Policies.issueLetters)
  @ApiOkResponse({ type: LetterListResponse, description: "The patient's letters, newest first" })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  list(@Param('id') patientId: string, @CurrentUser() user: AuthUser) {
    return this.letters.list(patientId, user);
  }

  @Get('letters/print-queue')
  @Roles(...Policies.issueLetters)
  @ApiOkResponse({ type: LetterListResponse, description: "A site's letters to print and post, oldest first (the PDF: the patient's document content)" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  printQueue(@Query() query: PrintQueueQuery, @CurrentUser() user: AuthUser) {
    return this.letters.printQueue(query.siteId, user);
  }

  @Post('letters/:id/printed')
  @HttpCode(200)
  @Roles(...Policies.issueLetters)
  @ApiOkResponse({ type: LetterDto, description: 'Printed: it leaves the queue (again: the same answer)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'LETTER.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'LETTER.NOT_FOR_PRINT' })
  markPrinted(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.letters.markPrinted(id, user);
  }
}
