import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BadUserInputError } from '../errors';

/**
 * Problems a user entering data can fix, returned in a mutation's payload (never thrown).
 * Messages never repeat an ID number or a phone: they name the field and the rule.
 */
export enum FieldErrorCode {
  INVALID_ID_NUMBER = 'INVALID_ID_NUMBER',
  INVALID_CREDIT_CODE = 'INVALID_CREDIT_CODE',
  INVALID_PHONE = 'INVALID_PHONE',
  INVALID_VALUE = 'INVALID_VALUE',
  OUT_OF_DISTRICT = 'OUT_OF_DISTRICT',
  TOWN_MISMATCH = 'TOWN_MISMATCH',
  NOT_FOUND = 'NOT_FOUND',
  DUPLICATE = 'DUPLICATE',
  /** Still referenced by active records (e.g. an organization with active talents). */
  IN_USE = 'IN_USE',
  /** The target no longer takes this: a demand that is FILLED or CLOSED. */
  NOT_OPEN = 'NOT_OPEN',
  /** The target is of a kind this does not apply to: a bid on a demand that is not a challenge. */
  WRONG_KIND = 'WRONG_KIND',
  /** No place left: a programme at its capacity. */
  FULL = 'FULL',
}

registerEnumType(FieldErrorCode, { name: 'FieldErrorCode', description: 'Why an input field was refused' });

@ObjectType({ description: 'A problem with one input field that the user can fix' })
export class FieldError {
  @Field({ description: 'Input field name, e.g. idNumber or location' })
  field!: string;

  @Field(() => FieldErrorCode)
  code!: FieldErrorCode;

  @Field({ description: 'Human-readable; never contains a personal value' })
  message!: string;
}

export const fieldError = (field: string, code: FieldErrorCode, message: string): FieldError => Object.assign(new FieldError(), { field, code, message });

/** The outcome of a write: the record, or the reasons it was not written. */
export type WriteResult<T> = { record: T; errors: [] } | { record: null; errors: FieldError[] };

export const refused = (errors: FieldError[]): WriteResult<never> => ({ record: null, errors });

/** PostgreSQL unique_violation on the named constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
  return !!pg && pg.constraint === constraint;
}

/**
 * The keys an input actually gives: absent keys stay absent, so an update touches only what it
 * names. Null is refused (BAD_USER_INPUT) except for the keys in `nullable`, where it means
 * something (remove the value, use the default): a required column given null would otherwise
 * fail in the ORM as an internal error, and a new field is covered without being listed.
 */
export function givenFields<T extends object>(input: T, nullable: readonly (keyof T & string)[] = []): Partial<T> {
  const given = Object.entries(input).filter(([, value]) => value !== undefined);
  const refused = given.filter(([key, value]) => value === null && !(nullable as readonly string[]).includes(key)).map(([key]) => key);
  if (refused.length) {
    throw new BadUserInputError(`${refused.join(', ')} cannot be null: leave a field out to keep its value`, { argument: refused[0] });
  }
  return Object.fromEntries(given) as Partial<T>;
}
