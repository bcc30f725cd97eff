import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';

// No sign: every amount a client sends is money granted or requested, never negative (a
// negative one used to fail deep in the funding arithmetic as an internal error).
const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) {
    throw new GraphQLError('Decimal must be a non-negative number of 元 with at most 2 decimal places, e.g. "80000.00"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return text;
}

/**
 * Money as an exact decimal string ("80000.00"): JSON numbers are binary floats, and an amount
 * must round-trip to the fen without drift.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number serialized as a string, e.g. "80000.00" (amounts in 元; inputs are non-negative)',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError('Decimal must be given as a string', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

/** Year 0000 is valid ISO 8601 but not a date PostgreSQL accepts: it failed in SQL as an internal error. */
function storableDate(date: string): string {
  if (date.startsWith('0000-')) throw new GraphQLError('LocalDate must be in the years 0001 to 9999', { extensions: { code: 'BAD_USER_INPUT' } });
  return date;
}

/** graphql-scalars' LocalDate (same name, same SDL), refusing what the database cannot store. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  ...LocalDateResolver.toConfig(),
  parseValue: (value) => storableDate(LocalDateResolver.parseValue(value) as string),
  parseLiteral: (ast, variables) => storableDate(LocalDateResolver.parseLiteral(ast, variables) as string),
});
