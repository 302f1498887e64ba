import { ApiProperty, IsInt, IsNumber, Max, Min } from '@tongxin/plugin-sdk';

/**
 * What a district can tune with `PATCH /api/v1/plugins/volunteer-points/settings`; the property
 * initialisers are the defaults.
 */
export class VolunteerPointsSettings {
  @ApiProperty({ description: 'Points per hour of service', default: 10 })
  @IsInt()
  @Min(1)
  @Max(1000)
  pointsPerHour = 10;

  @ApiProperty({ description: 'Most hours one service entry may record', default: 12 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.5)
  @Max(24)
  maxHoursPerEntry = 12;

  @ApiProperty({ description: 'How many volunteers the leaderboard shows', default: 10 })
  @IsInt()
  @Min(1)
  @Max(100)
  leaderboardSize = 10;
}
