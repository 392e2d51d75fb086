import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { Policies, Roles } from '@clinic-flow/auth';
import { CreateAppointmentTypeRequest, UpdateAppointmentTypeRequest } from '@clinic-flow/contracts';
import { CatalogService } from './catalog.service';

@Controller('appointment-types')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...Policies.readDirectory)
  list() {
    return this.catalog.list();
  }

  @Get(':id')
  @Roles(...Policies.readDirectory)
  get(@Param('id') id: string) {
    return this.catalog.get(id);
  }

  @Post()
  @Roles(...Policies.manageSchedule)
  create(@Body() body: CreateAppointmentTypeRequest) {
    return this.catalog.create(body);
  }

  @Patch(':id')
  @Roles(...Policies.manageSchedule)
  update(@Param('id') id: string, @Body() body: UpdateAppointmentTypeRequest) {
    return this.catalog.update(id, body);
  }
}
