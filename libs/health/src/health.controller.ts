import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '@tongxin/context';
import { TASKS_QUEUE } from '@tongxin/jobs';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: string;
}

class ReadyDto {
  @ApiProperty({ example: 'ready' }) status!: string;
  @ApiProperty({ example: 'up' }) database!: string;
  @ApiProperty({
    example: 'up',
    enum: ['up', 'down'],
    description:
      'The job queue. Down does not make the server unready: writes commit and their follow-up work waits in the outbox.',
  })
  queue!: string;
}

/** Liveness (the process answers) and readiness (it can reach its database; the queue is reported). */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(TASKS_QUEUE) private readonly tasks: Queue,
  ) {}

  @Get('health')
  @Public()
  @ApiOkResponse({ type: HealthDto })
  @ApiOperation({ summary: 'Liveness: the process answers' })
  health(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({ type: ReadyDto })
  @ApiServiceUnavailableResponse()
  @ApiOperation({ summary: 'Readiness: the database and the queue answer' })
  async ready(): Promise<ReadyDto> {
    try {
      await this.dataSource.query('select 1');
    } catch {
      throw new ServiceUnavailableException();
    }
    return { status: 'ready', database: 'up', queue: (await this.queueUp()) ? 'up' : 'down' };
  }

  private async queueUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
    try {
      return await Promise.race([this.tasks.count().then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
