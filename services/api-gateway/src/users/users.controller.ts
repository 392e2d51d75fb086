import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import {
  ChangeStaffAccountRequest,
  CreateStaffAccountRequest,
  DeactivateStaffAccountRequest,
  ProblemDetailsDto,
  StaffAccountDto,
  StaffAccountHistoryDto,
} from '@clinic-flow/contracts';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles(...Policies.manageUsers)
  @ApiOkResponse({
    description: 'Accounts of everyone working at one of your sites',
    schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: getSchemaPath(StaffAccountDto) } } } },
  })
  @ApiForbiddenResponse({ type: ProblemDetailsDto })
  async list(@CurrentUser() user: AuthUser): Promise<{ items: StaffAccountDto[] }> {
    return { items: await this.users.list(user) };
  }

  @Post()
  @Roles(...Policies.manageUsers)
  @ApiCreatedResponse({ type: StaffAccountDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'USERS.SITE_NOT_HELD, USERS.ROLE_NOT_HELD' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'USERS.EMAIL_TAKEN' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateStaffAccountRequest): Promise<StaffAccountDto> {
    return this.users.create(user, body);
  }

  @Get(':id')
  @Roles(...Policies.manageUsers)
  @ApiOkResponse({ type: StaffAccountDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'USERS.NOT_FOUND (also for an account at none of your sites)' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<StaffAccountDto> {
    return this.users.get(user, id);
  }

  @Get(':id/history')
  @Roles(...Policies.manageUsers)
  @ApiOkResponse({ type: StaffAccountHistoryDto, description: 'Every change of the account: who, when, what (before and after)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async history(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<StaffAccountHistoryDto> {
    return { items: await this.users.history(user, id) };
  }

  @Patch(':id')
  @Roles(...Policies.manageUsers)
  @ApiOkResponse({ type: StaffAccountDto, description: "A change of roles or sites ends the account's earlier tokens within a minute" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'USERS.OTHER_SITES, USERS.SITE_NOT_HELD, USERS.ROLE_NOT_HELD' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  change(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ChangeStaffAccountRequest): Promise<StaffAccountDto> {
    return this.users.change(user, id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...Policies.manageUsers)
  @ApiOkResponse({ type: StaffAccountDto, description: 'No more sign-in or refresh; its access tokens are refused within a minute' })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'USERS.OTHER_SITES' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'USERS.SELF' })
  deactivate(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: DeactivateStaffAccountRequest): Promise<StaffAccountDto> {
    return this.users.deactivate(user, id, body.reason);
  }
}
