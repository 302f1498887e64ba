import { ValidateIf } from 'class-validator';

/**
 * For optional body fields that may be left out but not set to null: like @IsOptional(), except
 * only an absent field is skipped, so `null` is validated (and refused with a field-level 400)
 * instead of reaching a NOT NULL column.
 */
export const IsOmittable = () => ValidateIf((_, value) => value !== undefined);
