import { defineEvent, IsInt, IsNumber, IsUUID, Matches, Min } from '@tongxin/plugin-sdk';

/**
 * `volunteer-points.points-awarded` v1, published after each service entry commits. Subscribers
 * (a party-member scoring plugin, a notice board) get exactly these fields; the host checks every
 * publish against this class.
 */
export class PointsAwardedV1 {
  @IsUUID()
  entryId!: string;

  @IsUUID()
  volunteerId!: string;

  /** Where the service was done: a community, grid or party group. */
  @IsUUID()
  unitId!: string;

  /** The community that unit belongs to (the unit itself for a community). */
  @IsUUID()
  communityId!: string;

  @IsNumber()
  hours!: number;

  /** hours × pointsPerHour, rounded: 0 for a few minutes at a low rate. */
  @IsInt()
  @Min(0)
  points!: number;

  /** YYYY-MM-DD */
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  activityDate!: string;
}

/** The token the manifest declares, `tx.events.publish` takes and subscribers pass to `on(…)`. */
export const PointsAwarded = defineEvent(
  'volunteer-points.points-awarded',
  1,
  PointsAwardedV1,
  'One per service entry: who served where, for how many hours and points',
);
