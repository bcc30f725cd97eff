import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../shared/scalars';
import { Organization } from '../organization/organization.entity';
import { Platform } from '../platform/platform.entity';
import { Talent } from '../talent/talent.entity';
import { AwardProgram, AwardStatus, RecipientKind } from './award.enums';
import { RecordKey } from '../../shared/disclosure/record-key';

/** Exactly one of talent_id, organization_id, platform_id, matching recipient_kind (awards and applications). */
export const ONE_RECIPIENT = `(recipient_kind = 'TALENT' and talent_id is not null and organization_id is null and platform_id is null)
    or (recipient_kind = 'ORGANIZATION' and organization_id is not null and talent_id is null and platform_id is null)
    or (recipient_kind = 'PLATFORM' and platform_id is not null and talent_id is null and organization_id is null)`;

/**
 * An award or grant paid under the plan. The recipient is exactly one of a talent, an
 * organization or a platform: three nullable foreign keys and a check keep that true in the
 * database, so every recipient is a real row (a polymorphic id column could not be).
 */
@ObjectType({ simpleResolvers: true, description: 'An award, grant or honour under the 汇谷计划' })
@Entity()
@Check({
  name: 'award_one_recipient_check',
  expression: ONE_RECIPIENT,
})
@Check({ name: 'award_amount_check', expression: 'amount >= 0' })
@Index({ properties: ['year', 'program'] })
export class Award {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => AwardProgram)
  @Enum({ items: () => AwardProgram })
  @Index()
  program!: AwardProgram;

  /** 元, exact: numeric(14,2) in the database and a decimal string in TypeScript. */
  @Field(() => DecimalScalar, { description: 'Amount in 元, exact decimal; 0 for honours' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  year!: number;

  @Field(() => AwardStatus)
  @Enum({ items: () => AwardStatus })
  status!: AwardStatus;

  /** 事项: what is funded, e.g. 'relocation', 'startup:<project>'; one non-revoked award per recipient and matter. */
  @Field({ description: '事项: the matter funded; a recipient is paid once per matter (奖励资助不重复)' })
  @Property({ type: 'text' })
  matter!: string;

  @Field(() => Int, { nullable: true, description: 'Month (1-12) of a monthly grant (生活津贴); null for yearly grants' })
  @Property({ type: 'smallint', nullable: true })
  month?: number | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'text', nullable: true })
  revokedReason?: string | null;

  @Field(() => RecipientKind)
  @Enum({ items: () => RecipientKind })
  @Index()
  recipientKind!: RecipientKind;

  @ManyToOne(() => Talent, { nullable: true })
  @Index()
  talent?: Talent | null;

  @ManyToOne(() => Organization, { nullable: true })
  @Index()
  organization?: Organization | null;

  @ManyToOne(() => Platform, { nullable: true })
  @Index()
  platform?: Platform | null;

  @RecordKey()
  recordKey?: number;
}
