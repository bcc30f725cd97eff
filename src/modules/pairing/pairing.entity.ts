import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organization } from '../organization/organization.entity';
import { Talent } from '../talent/talent.entity';

/**
 * 百校(企)兴百村(企) (第三条(五)): a school, institute or enterprise (the partner) paired with a
 * village or enterprise (the beneficiary) from a start year; the talents it sends are
 * PairingTalent rows.
 */
@ObjectType({ description: '百校(企)兴百村(企) pairing' })
@Entity()
@Check({ name: 'pairing_distinct_check', expression: 'partner_id <> beneficiary_id' })
@Unique({ properties: ['partner', 'beneficiary'] })
export class Pairing {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @ManyToOne(() => Organization) @Index() partner!: Organization;
  @ManyToOne(() => Organization) @Index() beneficiary!: Organization;
  @Field(() => Int) @Property({ type: 'smallint' }) startYear!: number;
  @Field(() => String, { nullable: true, description: '帮扶方向' }) @Property({ type: 'string', length: 256, nullable: true }) focus?: string | null;
}

/** A talent the partner sent under a pairing, from a year. */
@Entity()
@Index({ properties: ['talent'] })
export class PairingTalent {
  @ManyToOne(() => Pairing, { primary: true, deleteRule: 'cascade' }) pairing!: Pairing;
  @ManyToOne(() => Talent, { primary: true }) talent!: Talent;
  @Property({ type: 'smallint' }) sentYear!: number;
}
