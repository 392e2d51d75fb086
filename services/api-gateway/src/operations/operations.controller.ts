import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { DeadLetterQuery, DiscardDeadLettersRequest, LiveStreamQuery, OperationsActionsQuery, OpsFailedJobsQuery, ProblemDetailsDto, ReplayDeadLettersRequest, RetryJobRequest } from '@clinic-flow/contracts';
import { LiveEvent, OperationsService } from './operations.service';

/** The stream says it is alive this often, so proxies keep it open and a dead client is noticed. */
const KEEPALIVE_MS = 15_000;

/** The operations console's API (issue 13): for the `operations` role only, no patient data (payloads masked). */
@ApiTags('operations')
@Controller('ops')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('dead-letter-topics')
  @Roles(...Policies.watchStreams)
  @ApiOkResponse({ description: 'Every dead-letter topic (one per consumer group) with its count of dead letters and of those still open' })
  @ApiForbiddenResponse({ type: ProblemDetailsDto })
  async topics() {
    return { items: await this.operations.deadLetterTopics() };
  }

  @Get('dead-letters')
  @Roles(...Policies.watchStreams)
  @ApiOkResponse({ description: 'Dead letters newest first: where they came from, which group failed them and why, their payload with patient fields masked, and their status (open, replayed, discarded)' })
  @ApiForbiddenResponse({ type: ProblemDetailsDto })
  list(@Query() query: DeadLetterQuery) {
    return this.operations.listDeadLetters(query);
  }

  @Get('dead-letters/:topic/:partition/:offset')
  @Roles(...Policies.watchStreams)
  @ApiOkResponse({ description: 'One dead letter, its other headers and what operators did to it' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'OPS.DEAD_LETTER_NOT_FOUND' })
  inspect(@Param('topic') topic: string, @Param('partition', ParseIntPipe) partition: number, @Param('offset') offset: string) {
    return this.operations.inspect({ topic, partition, offset });
  }

  @Post('dead-letters/replay')
  @HttpCode(200)
  @Roles(...Policies.repairStreams)
  @ApiOkResponse({ description: 'Each dead letter re-published to the topic it came from (same event id: consumers that handled it skip it); audited' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'OPS.DEAD_LETTER_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'OPS.REPLAY_STILL_INVALID: the message (with the corrections) still breaks its contract; nothing was replayed' })
  replay(@CurrentUser() user: AuthUser, @Body() body: ReplayDeadLettersRequest) {
    return this.operations.replay(user, body.items, body.set, body.reason);
  }

  @Post('dead-letters/discard')
  @HttpCode(200)
  @Roles(...Policies.repairStreams)
  @ApiOkResponse({ description: 'The dead letters marked as needing no replay, with the reason; audited' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'OPS.DEAD_LETTER_NOT_FOUND' })
  discard(@CurrentUser() user: AuthUser, @Body() body: DiscardDeadLettersRequest) {
    return this.operations.discard(user, body.items, body.reason);
  }

  @Get('actions')
  @Roles(...Policies.watchStreams)
  @ApiOkResponse({ description: "The console's audit log, newest first: replays and discards, who, when, why, which fields a replay corrected" })
  actions(@Query() query: OperationsActionsQuery) {
    return this.operations.actions(query.limit);
  }

  @Get('consumer-groups')
  @Roles(...Policies.watchStreams)
  @ApiOkResponse({ description: 'Consumer groups with their state, members and lag per topic and partition (end offset minus committed offset)' })
  consumerGroups() {
    return this.operations.consumerGroups();
  }

  @Get('services')
  @Roles(...Policies.watchStreams)
  @ApiOkResponse({ description: "Each service's readiness, its queues' depth by state (waiting, delayed, active, failed, ...) and its outbox backlog" })
  services() {
    return this.operations.services();
  }

  @Get('jobs/failed')
  @Roles(...Policies.watchStreams)
  @ApiOkResponse({ description: "Jobs of the services' BullMQ queues that failed for good, newest first: service, queue, job name and id, attempts, the last error (contact points and quoted values masked), when; job data as its ids and numbers only. `errors` names a service that did not answer" })
  @ApiForbiddenResponse({ type: ProblemDetailsDto })
  failedJobs(@Query() query: OpsFailedJobsQuery) {
    return this.operations.failedJobs(query);
  }

  @Post('jobs/retry')
  @HttpCode(200)
  @Roles(...Policies.repairStreams)
  @ApiOkResponse({ description: 'The failed job runs again from its first attempt (it re-reads current state, so a retry is harmless); audited' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'JOB.NOT_FOUND, JOB.QUEUE_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'JOB.NOT_FAILED (it is waiting, running or done), or the service refused (e.g. MESSAGE.RETRY_REFUSED)' })
  retryJob(@CurrentUser() user: AuthUser, @Body() body: RetryJobRequest) {
    return this.operations.retryJob(user, body);
  }

  @Get('stream')
  @Roles(...Policies.watchStreams)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Server-sent events: every event written to a domain topic from now on (filtered by topic, type, key), patient fields masked' })
  async stream(@Query() query: LiveStreamQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    const matches = (e: LiveEvent) => (!query.topic || e.topic === query.topic) && (!query.type || e.type === query.type) && (!query.key || e.key === query.key);
    const unsubscribe = await this.operations.subscribe((event) => {
      if (matches(event)) res.write(`event: event\ndata: ${JSON.stringify(event)}\n\n`);
    });
    res.write(`event: ready\ndata: {}\n\n`);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    req.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  }
}
