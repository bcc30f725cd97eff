import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Industry } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { Education, ProfessionalTitle } from '../talent/talent.enums';
import { Talent } from '../talent/talent.entity';
import { LocalDateScalar } from '../../shared/scalars';

/** 紧缺急需人才目录 (第三条(三)): one a year, published by the district. */
@ObjectType({ description: '紧缺急需人才目录: the shortage catalogue of one year' })
@Entity()
export class ShortageCatalogue {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @Field(() => Int) @Property({ type: 'smallint' }) @Unique() year!: number;
  @Field(() => LocalDateScalar) @Property({ type: 'date' }) publishedOn!: string;
}

/**
 * One line of a catalogue: an industry and specialty (专业方向), the education and title it
 * needs, how many people, and sometimes the employing organization. A specialty appears once a
 * year per organization (or once without one): the key imports match on.
 */
@ObjectType({ description: 'One entry of the shortage catalogue' })
@Entity()
@Check({ name: 'shortage_catalogue_entry_headcount_check', expression: 'headcount > 0' })
@Index({
  name: 'shortage_catalogue_entry_key_unique',
  expression: 'create unique index "shortage_catalogue_entry_key_unique" on "shortage_catalogue_entry" ("catalogue_id", "specialty", "organization_id") nulls not distinct',
})
export class ShortageCatalogueEntry {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @ManyToOne(() => ShortageCatalogue, { deleteRule: 'cascade' }) @Index() catalogue!: ShortageCatalogue;
  @Field(() => Industry) @Enum({ items: () => Industry }) @Index() industry!: Industry;
  @Field({ description: '专业方向' }) @Property({ type: 'string', length: 128 }) specialty!: string;
  @Field(() => Education) @Enum({ items: () => Education }) minEducation!: Education;
  @Field(() => ProfessionalTitle, { description: 'NONE when no title is required' }) @Enum({ items: () => ProfessionalTitle }) minProfessionalTitle!: ProfessionalTitle;
  @Field(() => Int) @Property({ type: 'integer' }) headcount!: number;
  @ManyToOne(() => Organization, { nullable: true }) @Index() organization?: Organization | null;
}

/** A talent recognised against a catalogue entry: the source of its SHORTAGE tier. */
@Entity()
@Unique({ properties: ['entry', 'talent'] })
export class ShortageRecognition {
  @PrimaryKey({ autoincrement: true }) id!: number;
  @ManyToOne(() => ShortageCatalogueEntry) @Index() entry!: ShortageCatalogueEntry;
  @ManyToOne(() => Talent) @Index() talent!: Talent;
  @Property({ type: 'date' }) recognizedOn!: string;
}
