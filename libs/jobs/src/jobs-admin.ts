import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Injectable, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Job, Queue } from 'bullmq';
import { IsIn, IsOptional } from 'class-validator';
import { PlatformOperatorOnly } from '@tongxin/context';
import { ApiConflict, DomainError, pageOf, pageOffset, pageSize, PageQueryDto, type Page } from '@tongxin/http';
import { SYSTEM_QUEUE, TASKS_QUEUE, type TaskData } from './task';

const QUEUES = [TASKS_QUEUE, SYSTEM_QUEUE] as const;

export class FailedJobQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: QUEUES })
  @IsOptional()
  @IsIn(QUEUES)
  queue?: (typeof QUEUES)[number];
}

export class FailedJobDto {
  @ApiProperty() queue!: string;
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) tenantId!: string | null;
  @ApiProperty({ nullable: true, type: String }) pluginId!: string | null;
  @ApiProperty() failedReason!: string;
  @ApiProperty() attemptsMade!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) failedAt!: string | null;
}

export class FailedJobPageDto {
  @ApiProperty({ type: [FailedJobDto] }) items!: FailedJobDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

/** Failed jobs, for platform operators: what failed, why, and a retry once the cause is fixed. */
@Injectable()
export class JobsAdminService {
  /** A Map, not an object: a queue name from the path such as `constructor` must not find Object's. */
  private readonly queues: Map<string, Queue>;

  constructor(@InjectQueue(TASKS_QUEUE) tasks: Queue, @InjectQueue(SYSTEM_QUEUE) system: Queue) {
    this.queues = new Map([
      [TASKS_QUEUE, tasks],
      [SYSTEM_QUEUE, system],
    ]);
  }

  /**
   * Newest first across the queues: each queue's first `offset + limit + 1` failed jobs are enough
   * to page the merged list (the cursor is the merged list's position, see pageOf).
   */
  async failed(query: FailedJobQueryDto): Promise<Page<FailedJobDto>> {
    const upTo = pageOffset(query) + pageSize(query);
    const names = query.queue ? [query.queue] : [...QUEUES];
    const lists = await Promise.all(
      names.map(async (name) => (await this.queue(name).getJobs(['failed'], 0, upTo)).map((j) => toDto(name, j))),
    );
    const merged = lists.flat().sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
    return pageOf(merged, query);
  }

  async retry(queueName: string, id: string): Promise<FailedJobDto> {
    const job = await this.queue(queueName).getJob(id);
    if (!job) throw new DomainError('JOB_NOT_FOUND', 404);
    if (!(await job.isFailed())) throw new DomainError('JOB_NOT_FAILED', 409);
    const dto = toDto(queueName, job);
    await job.retry('failed');
    return dto;
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new DomainError('JOB_NOT_FOUND', 404);
    return queue;
  }
}

function toDto(queue: string, job: Job): FailedJobDto {
  const data = (job.data ?? {}) as Partial<TaskData>;
  return {
    queue,
    id: String(job.id),
    name: job.name,
    tenantId: data.tenantId ?? null,
    pluginId: data.pluginId ?? null,
    failedReason: job.failedReason ?? '',
    attemptsMade: job.attemptsMade,
    createdAt: new Date(job.timestamp).toISOString(),
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

@ApiTags('platform')
@Controller('api/v1/platform/jobs')
export class JobsAdminController {
  constructor(private readonly jobs: JobsAdminService) {}

  @Get('failed')
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: FailedJobPageDto, description: 'Failed jobs, newest first, with their reasons' })
  @ApiOperation({ summary: 'Failed background jobs' })
  failed(@Query() query: FailedJobQueryDto): Promise<Page<FailedJobDto>> {
    return this.jobs.failed(query);
  }

  @Post(':queue/:id/retry')
  @HttpCode(200)
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: FailedJobDto, description: 'The job, moved back to waiting' })
  @ApiOperation({ summary: 'Retry a failed background job' })
  @ApiConflict('JOB_NOT_FAILED')
  retry(@Param('queue') queue: string, @Param('id') id: string): Promise<FailedJobDto> {
    return this.jobs.retry(queue, id);
  }
}
