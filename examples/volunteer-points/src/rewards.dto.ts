import {
  ApiProperty,
  ApiPropertyOptional,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOmittable,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  PageQueryDto,
  Transform,
} from '@tongxin/plugin-sdk';

export class CreateRewardDto {
  @ApiProperty({ description: 'The unit offering it; a district reward is redeemable everywhere', format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ example: '社区理发券' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ description: 'Points per item', example: 50 })
  @IsInt()
  @Min(1)
  @Max(1000000)
  cost!: number;

  @ApiProperty({ description: 'Items available', example: 100 })
  @IsInt()
  @Min(0)
  @Max(1000000)
  stock!: number;

  @ApiPropertyOptional({ default: true })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class UpdateRewardDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1000000)
  cost?: number;

  @ApiPropertyOptional({ description: 'Items available from now on' })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(1000000)
  stock?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class ListRewardsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Rewards redeemable at this unit (offered by it or a unit above it); without it, rewards offered in your scope',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'Only active (true) or inactive (false) rewards' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class RedeemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  volunteerId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  rewardId!: string;

  @ApiProperty({ description: 'Where the reward is handed out: a community, grid or party group', format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(100)
  quantity?: number;
}

export class RewardView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() cost!: number;
  @ApiProperty() stock!: number;
  @ApiProperty() active!: boolean;
}

export class RewardPageView {
  @ApiProperty({ type: [RewardView] }) items!: RewardView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RedemptionView {
  @ApiProperty({ format: 'uuid', description: 'The ledger entry' }) entryId!: string;
  @ApiProperty({ format: 'uuid' }) volunteerId!: string;
  @ApiProperty({ format: 'uuid' }) rewardId!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'Points spent' }) cost!: number;
  @ApiProperty({ description: 'Balance after the redemption' }) balance!: number;
  @ApiProperty({ description: 'Items left' }) stock!: number;
}
