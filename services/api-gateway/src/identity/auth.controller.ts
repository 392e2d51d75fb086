import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { LoginRequest, LoginResponse, ProblemDetailsDto } from '@clinic-flow/contracts';
import { Public } from '@clinic-flow/platform';
import { IdentityService } from './identity.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto })
  login(@Body() body: LoginRequest): Promise<LoginResponse> {
    return this.identity.login(body.email, body.password);
  }
}
