import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Ctx, type RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { ApiConflict, PageQueryDto, pageOf, type Page } from '@tongxin/http';
import {
  receivedReferralDto,
  ReceivedReferralDto,
  referralDto,
  referralKindDto,
  ReferralDto,
  ReferralKindDto,
  ReferralKindPageDto,
  ReferralPageDto,
  ReferralQueryDto,
  RefuseReferralDto,
} from './referral.dto';
import { ReferralService } from './referral.service';

/**
 * The receivers' side of referrals, for every practice at once (a console shows one inbox): each
 * route checks the kind's own permission over the referral's target, so a signed-in caller sees
 * only what they may receive.
 */
@ApiTags('referrals')
@Controller('api/v1/referrals')
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralService,
    private readonly tx: TenantTransaction,
  ) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: ReferralPageDto })
  @ApiOperation({ summary: 'Referrals the caller may receive (移交/转办 inbox), newest first' })
  async list(@Ctx() ctx: RequestContext, @Query() query: ReferralQueryDto): Promise<Page<ReferralDto>> {
    const page = await this.referrals.list(ctx, query);
    return { items: page.items.map((v) => referralDto(v, ctx.lang)), nextCursor: page.nextCursor };
  }

  @Get('kinds')
  @Authenticated()
  @ApiOkResponse({ type: ReferralKindPageDto })
  @ApiOperation({ summary: 'The referral kinds of the practices enabled in the district' })
  async kinds(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto): Promise<Page<ReferralKindDto>> {
    const kinds = await this.tx.run(ctx.tenantId, (em) => this.referrals.enabledKinds(em, ctx.enabledPlugins));
    return pageOf(
      kinds.map((k) => referralKindDto(k, ctx.lang)),
      query,
    );
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: ReceivedReferralDto })
  @ApiOperation({ summary: 'One referral the caller may receive, with what the origin sent' })
  async get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ReceivedReferralDto> {
    return receivedReferralDto(await this.referrals.get(ctx, id), ctx.lang);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: ReceivedReferralDto })
  @ApiOperation({ summary: 'Accept a referral: the practice opens its own record, linked to it' })
  @ApiConflict('REFERRAL_NOT_PENDING', 'REFERRAL_TARGET_DISABLED')
  async accept(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ReceivedReferralDto> {
    return receivedReferralDto(await this.referrals.accept(ctx, id), ctx.lang);
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: ReceivedReferralDto })
  @ApiOperation({ summary: 'Refuse a referral with a reason: it goes back to the origin’s dispatcher' })
  @ApiConflict('REFERRAL_NOT_PENDING', 'REFERRAL_TARGET_DISABLED')
  async refuse(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: RefuseReferralDto,
  ): Promise<ReceivedReferralDto> {
    return receivedReferralDto(await this.referrals.refuse(ctx, id, dto.reason), ctx.lang);
  }
}
