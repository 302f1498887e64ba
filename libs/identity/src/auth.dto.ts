import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '@tongxin/http';
import { USER_LANGUAGES, type UserLanguage } from './user.entity';

/**
 * A username as a login may give it: printable text. A NUL or another control character can name
 * no account (usernames are created from a narrower alphabet) and PostgreSQL cannot even compare
 * text holding a NUL, so such a login is a 400 before any lookup or throttling counter.
 */
export const LOGIN_USERNAME = /^[^\u0000-\u001f\u007f]+$/;

export class LoginDto {
  @ApiProperty({ example: 'demo', description: 'The district tenant’s code' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,31}$/)
  tenantCode!: string;

  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(LOGIN_USERNAME)
  username!: string;

  @ApiProperty({ example: 'demo1234' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(128) currentPassword!: string;
  @ApiProperty({
    description: '8–128 characters (PASSWORD_MIN_LENGTH) with letters and digits, not a common password',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  newPassword!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Short-lived JWT for the Authorization: Bearer header' }) accessToken!: string;
  @ApiProperty({ description: 'Rotating refresh token; each use returns a new one' }) refreshToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 }) expiresIn!: number;
}

export class GrantDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) level!: number;
  @ApiProperty({ type: [String] }) permissions!: string[];
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() tenantCode!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) partnerBodyId!: string | null;
  @ApiProperty({ enum: USER_LANGUAGES, description: 'What notifications to the user are written in' })
  preferredLanguage!: UserLanguage;
  @ApiProperty({ type: [GrantDto], description: 'Active role assignments: what the user may do where' })
  grants!: GrantDto[];
}

/** What a signed-in user may change on their own account without `user.write`. */
export class UpdateMeDto {
  @ApiPropertyOptional({ enum: USER_LANGUAGES, description: 'What notifications to you are written in' })
  @IsOmittable()
  @IsIn(USER_LANGUAGES)
  preferredLanguage?: UserLanguage;
}
