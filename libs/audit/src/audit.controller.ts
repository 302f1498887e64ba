import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import type { Page } from '@tongxin/http';
import { AuditEventDto, AuditEventPageDto, AuditQueryDto } from './audit-query.dto';
import { AuditQueryService } from './audit-query.service';

@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOkResponse({ type: AuditEventPageDto, description: 'Newest first' })
  @ApiOperation({ summary: 'Audit events in the caller’s scope, newest first' })
  list(@Ctx() ctx: RequestContext, @Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    return this.audit.list(ctx, query);
  }
}
