import { ArrayType, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../../shared/auth/roles';

/**
 * One operation in which an ADMIN read personal fields in clear: who, when, which records,
 * which fields, under which operation name. Written once per operation (not per field) and
 * never changed: the table is append-only for the application's database role (a trigger
 * refuses UPDATE, DELETE and TRUNCATE; see docs/security-migration-plan.md).
 */
@ObjectType({ description: 'An audited read of personal fields in clear (ADMIN only)' })
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['subject', 'id'] })
export class AuditEvent {
  /** Set by the database (bigserial, now()). */
  [OptionalProps]?: 'id' | 'at';

  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => DateTimeISOResolver)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  @Index()
  at!: Date;

  @Field({ description: 'The `sub` of the token that read' })
  @Property({ type: 'text' })
  subject!: string;

  @Field(() => Role)
  @Enum({ items: () => Role })
  role!: Role;

  @Field(() => String, { nullable: true, description: 'The GraphQL operation name, when it had one' })
  @Property({ type: 'text', nullable: true })
  operation?: string | null;

  @Field({ description: "The server's own id of the HTTP request (the x-request-id of its response, and of its log lines)" })
  @Property({ type: 'text' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: 'The x-request-id the caller sent, when well-formed: for correlation, chosen by the caller' })
  @Property({ type: 'text', nullable: true })
  clientRequestId?: string | null;

  @Field({ description: "The kind of record read, e.g. 'Talent'" })
  @Property({ type: 'text' })
  entity!: string;

  @Field(() => [Int], { description: 'Ids of the records whose personal fields were read' })
  @Property({ type: new ArrayType<number>((id) => Number(id)), columnType: 'int[]' })
  entityIds!: number[];

  @Field(() => [String], { description: "The personal fields read, e.g. ['idNumber', 'phone']" })
  @Property({ type: new ArrayType<string>(), columnType: 'text[]' })
  fields!: string[];
}
