import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ProblemDetailsDto, TaskDto, TaskListQuery, TaskListResponse } from '@clinic-flow/contracts';
import { TasksService } from './tasks.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('tasks')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles(...Policies.workDeskTasks)
  @ApiOkResponse({ type: TaskListResponse, description: "A site's front-desk tasks, soonest due first" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  list(@Query() query: TaskListQuery, @CurrentUser() user: AuthUser) {
    return this.tasks.list(user, query);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...Policies.workDeskTasks)
  @ApiOkResponse({ type: TaskDto, description: 'Done (again: the same answer)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'TASK.NOT_FOUND' })
  complete(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.tasks.complete(user, id);
  }
}
