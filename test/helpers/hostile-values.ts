import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';

/**
 * Hostile values for GraphQL arguments, generated from the schema alone: whatever type an
 * argument has (scalar, enum, input object, list, non-null), these arbitraries produce values
 * of that type that are as awkward as they can be, plus a share of values of the wrong type.
 * A field added to the schema is covered without being named here.
 */

/** Values of no particular type: wrong for every argument, each refused in its own way. */
export const junk: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null, '', 'x', '\u0000', 1.5, -1, 2 ** 31, 2 ** 53, 1e308, -1e308, true, [], [[]], {}, { $ne: null }, 'NaN', 'Infinity', '-Infinity', '__proto__', { __proto__: { polluted: 1 } },
);

const HOSTILE_STRINGS = [
  '', ' ', '   ', '\t\n\r', '\u0000', 'a\u0000b', '\u0000'.repeat(5), '\u0001\u0002\u001b[31m\u007f', '\u0085\u2028\u2029',
  '\ud800', '\udfff', 'a\ud83d', '\ud83db', '😀', '👨‍👩‍👧‍👦', '\u202e\u0627\u0644', '\ufeff', '\ufffd', 'é', 'ﬀ', 'İ',
  "'", "''", '"', '\\', "' OR '1'='1", "1'; DROP TABLE talent; --", '$1', '?', '%', '_', '%_%', '\\%', '[]', '{}', '()', '*',
  'null', 'undefined', 'NaN', 'true', '-1', '0', '1', '1e309', '0x10', '１２３', ' 1 ', '-0',
  '张伟', '平谷', '110117001000', '110117001001', '110117', '11011719900101001X', '13800138000', '+8613800138000',
  'TALENT_COURTYARD', 'FOOD', 'WGS84', '2020-01-01', '1970-01-01T00:00:00Z', 'Bearer x', '<script>alert(1)</script>', '${7*7}', '%s%n%x',
  'bWFsZm9ybWVk', 'eyJvIjoiIiwidiI6W119', '====', '!!!',
];

const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', '张', '😀', '\u0000', '%', ' ', "'"), fc.constantFrom(257, 1_000, 10_000, 60_000, 300_000))
  .map(([unit, n]) => unit.repeat(n));

/** Any string at all: edge cases, random code points (lone surrogates included), huge ones. */
export function hostileString(huge = true): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
    { weight: huge ? 1 : 0, arbitrary: hugeString },
  );
}

const int = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, -1, 1, 2, 3, 12, 13, 50, 100, 101, 1000, 1900, 1949, 1999, 2000, 2020, 2024, 2100, 2101, 9999, 10000, 32767, 32768, -32769, 2 ** 31 - 1, -(2 ** 31)) },
  { weight: 2, arbitrary: fc.integer() },
);

const float = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, -0, 1, -1, 40.14, 117.12, 40.2, 117.2, 90, -90, 180, -180, 89.999999, 90.000001, 180.000001, 1e-300, 5e-324, 1e308, -1e308, 0.1 + 0.2) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

const DATES = ['0000-01-01', '0001-01-01', '1900-01-01', '1969-12-31', '1970-01-01', '2000-02-29', '2020-02-29', '2021-02-29', '2024-12-31', '2099-12-31', '9999-12-31', '10000-01-01', '-0001-01-01', '2020-13-01', '2020-00-10', '2020-1-1', '2020-01-32'];

const anyDate = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true });

/** Scalars by name; a scalar not listed here gets strings, numbers and junk. */
const scalars = (huge: boolean): Record<string, fc.Arbitrary<unknown>> => ({
  String: hostileString(huge),
  ID: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('1', '2', '3', '7', '50', '199', '200', '0', '-1', '01', '1.0', '1e3', '0x1f', ' 1', '１', 'abc', '', '999999', '2147483647', '2147483648', '99999999999999999999', '\u00001') },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 250 }).map(String) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: hostileString(huge) },
  ),
  Int: int,
  Float: float,
  Boolean: fc.boolean(),
  Latitude: fc.oneof(float, fc.constantFrom('40.14', '90.1', '-91', 'N40', '40°')),
  Longitude: fc.oneof(float, fc.constantFrom('117.12', '180.1', '-181', 'E117')),
  Decimal: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('-5.00', '-0', '-0.01', '0', '0.00', '0.01', '1', '5.00', '80000.00', '999999999999.99', '1000000000000', '1e5', '5.001', '', ' 1', '1,000', '１') },
    { weight: 1, arbitrary: float },
    { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((n) => `${n / 100n}.${String((n < 0n ? -n : n) % 100n).padStart(2, '0')}`) },
  ),
  LocalDate: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...DATES) },
    { weight: 1, arbitrary: anyDate.map((d) => d.toISOString().slice(0, 10)) },
  ),
  DateTimeISO: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...DATES.map((d) => `${d}T00:00:00Z`), '2020-01-01T25:00:00Z', '2020-01-01T00:00:00+14:00', '2020-01-01') },
    { weight: 1, arbitrary: anyDate.map((d) => d.toISOString()) },
  ),
  JSONObject: fc.oneof(fc.constant({}), fc.dictionary(hostileString(false), fc.jsonValue(), { maxKeys: 5 })),
});
const SCALARS = scalars(true);
const SMALL_SCALARS = scalars(false);

export interface ValueOptions {
  /** Offered to `String` arguments besides the hostile strings: cursors the API issued, forged. */
  cursors: fc.Arbitrary<string> | null;
  /** No huge strings or lists (inside a huge list: one body over the size limit is enough). */
  small?: boolean;
}

/** A value of `type`, hostile but mostly well typed (about 1 in 12 is junk of the wrong type). */
export function valueOf(type: GraphQLInputType, options: ValueOptions, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 11, arbitrary: wellTyped(type, options, depth) }, { weight: 1, arbitrary: junk });
}

function wellTyped(type: GraphQLInputType, options: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return wellTyped(type.ofType, options, depth);
  if (isListType(type)) {
    const item = valueOf(type.ofType, options, depth + 1);
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant([]) },
      { weight: 15, arbitrary: fc.array(item, { minLength: 1, maxLength: 4 }) },
      // Longer than any list limit; one small item repeated keeps generation cheap.
      {
        weight: options.small ? 0 : 1,
        arbitrary: fc.tuple(valueOf(type.ofType, { ...options, small: true }, depth + 1), fc.constantFrom(101, 1_001, 5_001)).map(([one, n]) => Array.from({ length: n }, () => one)),
      },
    );
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', values[0].toLowerCase(), '', `${values[0]} `) });
  }
  if (isScalarType(type)) {
    const table = options.small ? SMALL_SCALARS : SCALARS;
    const base = table[type.name] ?? fc.oneof(hostileString(!options.small), float, junk);
    return type.name === 'String' && options.cursors ? fc.oneof({ weight: 3, arbitrary: base }, { weight: 1, arbitrary: options.cursors }) : base;
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant({});
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(
      fields.map((f) => [f.name, isNonNullType(f.type) ? valueOf(f.type, options, depth + 1) : fc.option(valueOf(f.type, options, depth + 1), { nil: null, freq: 6 })]),
    );
    // Required fields are usually there; optional ones come and go.
    const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
    return fc.oneof(
      { weight: 9, arbitrary: fc.record(model, { requiredKeys: required }) },
      { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
    );
  }
  throw new Error(`no arbitrary for ${String(type)}`);
}

/** Variables for every argument of a field: required ones nearly always, optional ones often. */
export function argumentsOf(args: readonly GraphQLArgument[], options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const model = Object.fromEntries(args.map((a) => [a.name, valueOf(a.type, options)]));
  const required = args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name);
  return fc.oneof({ weight: 19, arbitrary: fc.record(model, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) });
}

/**
 * A selection set for a field's result: every leaf that needs no argument, objects two levels
 * deep (a connection's edges and nodes), unions by `__typename`. Deeper lists are left out so
 * the cost limit does not refuse the query before its arguments are used.
 */
export function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth < 2) parts.push(`${field.name} ${selectionOf(field.type, depth + 1)}`);
  }
  return `{ ${parts.length ? parts.join(' ') : '__typename'} }`;
}

/**
 * A cursor the API issued, forged: base64url JSON whose leaves are swapped for values of other
 * types, or base64url of other JSON; a cursor that is not JSON is returned as is.
 */
export function forgedCursors(cursor: string): fc.Arbitrary<string> {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return fc.constant(cursor);
  }
  const leaf = fc.constantFrom<unknown>('x', '', '\u0000', '\ud800', 'NaN', '2020-02-30', '0000-01-01', '99999-01-01', '1e400', -1, 0, 1.5, 2 ** 31, 2 ** 53, 1e300, -1e300, true, null, [], {}, '1', '2147483648');
  const mutate = (value: unknown): fc.Arbitrary<unknown> => {
    if (Array.isArray(value)) return fc.tuple(...value.map(mutate)).chain((items) => fc.oneof(fc.constant(items), fc.constant(items.slice(1)), fc.constant([...items, items[0]])));
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      return fc.tuple(...entries.map(([, v]) => mutate(v))).map((vs) => Object.fromEntries(entries.map(([k], i) => [k, vs[i]])));
    }
    // The ordering key (a string naming the ordering) is usually kept, so the values get checked.
    return typeof value === 'string' && value.includes(':') ? fc.oneof({ weight: 5, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: leaf }) : fc.oneof(fc.constant(value), leaf, leaf);
  };
  return mutate(payload).map((forged) => Buffer.from(JSON.stringify(forged)).toString('base64url'));
}
