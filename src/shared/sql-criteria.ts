/**
 * Conditions as data, compiled against a relation. A relation (a view, a rollup, a join) names
 * the attributes it can express as SQL; a condition (an Expr) is written against attribute
 * names, so the same filter compiles to the register's view for lists and counts and to a
 * rollup for aggregates. Values are always bound parameters; only code-defined expressions
 * become SQL text.
 */

/** A relation conditions can be compiled against. */
export interface Relation {
  /** Reported with results (tests and benchmarks check which relation answered). */
  name: string;
  /** The FROM clause, with its alias. */
  from: string;
  /** Attribute name → SQL expression over `from`. */
  attributes: Readonly<Record<string, string>>;
}

/** Raised while compiling against a relation that lacks an attribute: callers may try the next. */
export class MissingAttribute extends Error {}

/** Accumulates `?` placeholders and their values in text order (knex expands arrays into lists). */
export class SqlContext {
  readonly params: unknown[] = [];

  constructor(
    readonly relation: Relation,
    /** The year ages are reckoned against (age bands). */
    readonly year: number,
  ) {}

  has(attribute: string): boolean {
    return attribute in this.relation.attributes;
  }

  attr(attribute: string): string {
    const sql = this.relation.attributes[attribute];
    if (sql === undefined) throw new MissingAttribute(attribute);
    return sql;
  }

  /** A value as a parameter; an array becomes a parameter list, for `in (…)`. */
  bind(value: unknown): string {
    this.params.push(value);
    return '?';
  }

  /** An attribute the relation cannot express: compiling stops (the next relation may be tried). */
  unavailable(attribute: string): never {
    throw new MissingAttribute(attribute);
  }

  /** ` where a and b …`, or nothing. */
  where(conditions: readonly Expr[]): string {
    return conditions.length ? ` where ${conditions.map((condition) => `(${condition(this)})`).join(' and ')}` : '';
  }
}

/** A piece of SQL built against a relation: a value or a condition. */
export type Expr = (sql: SqlContext) => string;

export const present = <T>(list: readonly T[] | null | undefined): list is readonly T[] => Array.isArray(list) && list.length > 0;

/** `attribute in (list)`. */
export const oneOf =
  (attribute: string, list: readonly unknown[]): Expr =>
  (sql) =>
    `${sql.attr(attribute)} in (${sql.bind(list)})`;
