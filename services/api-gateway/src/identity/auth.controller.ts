import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, ROLES, Roles } from '@clinic-flow/auth';
import {
  LoginRequest,
  LoginResponse,
  LogoutResponse,
  ProblemDetailsDto,
  RefreshRequest,
  SecondFactorChallenge,
  SecondFactorRequest,
  TotpConfirmRequest,
  TotpEnrolmentRequest,
  TotpEnrolmentResponse,
  TotpStatusDto,
} from '@clinic-flow/contracts';
import { Public } from '@clinic-flow/platform';
import { IdentityService } from './identity.service';

/** The client address as the gateway trusts it (TRUST_PROXY decides whether X-Forwarded-For counts). */
const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiExtraModels(LoginResponse, SecondFactorChallenge)
  @ApiOkResponse({
    description: 'Signed in (tokens), or, for accounts with a second factor, a challenge for POST /auth/login/second-factor',
    schema: { oneOf: [{ $ref: getSchemaPath(LoginResponse) }, { $ref: getSchemaPath(SecondFactorChallenge) }] },
  })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'AUTH.INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ type: ProblemDetailsDto, description: 'AUTH.TOO_MANY_ATTEMPTS, with Retry-After (seconds)' })
  login(@Body() body: LoginRequest, @Req() req: Request): Promise<LoginResponse | SecondFactorChallenge> {
    return this.identity.login(body.email, body.password, addressOf(req));
  }

  @Post('login/second-factor')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'AUTH.TOTP_INVALID, AUTH.CHALLENGE_INVALID' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AUTH.TOTP_NOT_ENROLLED: the account must enrol a second factor first (POST /auth/login/totp-enrolment)' })
  @ApiTooManyRequestsResponse({ type: ProblemDetailsDto, description: 'AUTH.TOO_MANY_ATTEMPTS, with Retry-After (seconds)' })
  secondFactor(@Body() body: SecondFactorRequest, @Req() req: Request): Promise<LoginResponse> {
    return this.identity.secondFactor(body.challengeToken, body.code, addressOf(req));
  }

  @Post('login/totp-enrolment')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TotpEnrolmentResponse, description: 'Then POST /auth/login/second-factor with the challenge and a code confirms it and signs in' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'AUTH.CHALLENGE_INVALID' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AUTH.TOTP_ALREADY_ENROLLED: sign in with its code' })
  enrolDuringSignIn(@Body() body: TotpEnrolmentRequest): Promise<TotpEnrolmentResponse> {
    return this.identity.enrolWithChallenge(body.challengeToken);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse, description: 'A new access token and a new refresh token; the presented one stops working' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnauthorizedResponse({
    type: ProblemDetailsDto,
    description: 'AUTH.REFRESH_REUSED (an already used token: the whole sign-in is revoked), AUTH.SESSION_REVOKED, AUTH.REFRESH_EXPIRED, AUTH.REFRESH_INVALID, AUTH.ACCOUNT_DEACTIVATED',
  })
  refresh(@Body() body: RefreshRequest): Promise<LoginResponse> {
    return this.identity.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LogoutResponse, description: 'The sign-in is revoked: none of its refresh tokens work any more' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'AUTH.REFRESH_INVALID' })
  logout(@Body() body: RefreshRequest): Promise<LogoutResponse> {
    return this.identity.logout(body.refreshToken);
  }

  @Post('totp/enrolment')
  @Roles(...ROLES)
  @HttpCode(200)
  @ApiOkResponse({ type: TotpEnrolmentResponse, description: 'A secret to confirm with POST /auth/totp/confirm' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AUTH.TOTP_ALREADY_ENROLLED' })
  enrol(@CurrentUser() user: AuthUser): Promise<TotpEnrolmentResponse> {
    return this.identity.enrol(user);
  }

  @Post('totp/confirm')
  @Roles(...ROLES)
  @HttpCode(200)
  @ApiOkResponse({ type: TotpStatusDto, description: 'From now on sign-in asks for a code' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AUTH.TOTP_NOT_ENROLLED: no enrolment started' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'AUTH.TOTP_INVALID: not the code of the secret being enrolled' })
  confirm(@CurrentUser() user: AuthUser, @Body() body: TotpConfirmRequest): Promise<TotpStatusDto> {
    return this.identity.confirm(user, body.code);
  }
}
