import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { RegisterPatientRequest, UpdatePatientContactRequest } from '@clinic-flow/contracts';
import { PatientsService } from './patients.service';

@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Roles(...Policies.registerPatient)
  register(@Body() body: RegisterPatientRequest, @CurrentUser() user: AuthUser) {
    return this.patients.register(body, user);
  }

  @Get(':id')
  @Roles(...Policies.readPatient)
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.patients.get(id, user);
  }

  @Patch(':id/contact')
  @Roles(...Policies.updatePatientContact)
  updateContact(@Param('id') id: string, @Body() body: UpdatePatientContactRequest, @CurrentUser() user: AuthUser) {
    return this.patients.updateContact(id, body, user);
  }
}
