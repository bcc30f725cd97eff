import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organization } from '../organization/organization.entity';
import { Education, Engagement, Gender, ProfessionalTitle, TalentTier, TalentType } from './talent.enums';
import { Industry } from '../organization/organization.enums';
import { RecordKey } from '../../shared/disclosure/record-key';
import { VERSION_DESCRIPTION } from '../../shared/writes/versioned';
import { LocalDateScalar } from '../../shared/scalars';
import { RecruitmentChannel } from '../recruitment/recruitment.enums';
import { RecruitmentEvent } from '../recruitment/recruitment-event.entity';

/**
 * A person on the district's talent register. The kind of employer (政企校院村) and the town
 * are the organization's: a talent is counted where it works.
 */
// simpleResolvers: plain fields are read as properties, without a per-field wrapper; idNumber and
// phone are field resolvers, whose PersonalField middleware runs regardless (test/pii.test.ts).
@ObjectType({ simpleResolvers: true, description: 'A person on the district talent register' })
@Entity()
@Check({ name: 'talent_personal_cipher_check', expression: `id_number_cipher like 'v1:%' and phone_cipher like 'v1:%'` })
// 64 lower-case hex digits, without `{64}`: that repetition costs PostgreSQL's regex five times as much (migration …_cheap_hash_check).
@Check({ name: 'talent_personal_hash_check', expression: `id_number_hash !~ '[^0-9a-f]' and char_length(id_number_hash) = 64 and phone_hash !~ '[^0-9a-f]' and char_length(phone_hash) = 64` })
@Index({ properties: ['introducedAt', 'id'] })
@Index({ properties: ['name', 'id'] })
// Substring search on names of any length by character unigrams and bigrams (migration …_text_search).
@Index({ name: 'talent_name_grams_index', expression: 'create index "talent_name_grams_index" on "talent" using gin (text_search_grams("name"))' })
export class Talent {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field()
  @Property({ type: 'string', length: 32 })
  name!: string;

  /**
   * 居民身份证号码 (GB 11643), sensitive personal information: stored only encrypted
   * (AES-256-GCM, `v1:<kid>:<iv>:<ciphertext>`, src/shared/pii) and exposed only through the
   * role-aware idNumber field resolver.
   */
  @Property({ type: 'text', hidden: true })
  idNumberCipher!: string;

  /** HMAC-SHA256 of the normalized ID number: exact lookup and de-duplication without plaintext. */
  @Property({ type: 'character', length: 64, hidden: true })
  @Unique()
  idNumberHash!: string;

  /** Mobile number, encrypted like the ID number. */
  @Property({ type: 'text', hidden: true })
  phoneCipher!: string;

  /** HMAC-SHA256 of the phone digits; not unique (an office line may be shared). */
  @Property({ type: 'character', length: 64, hidden: true })
  @Index()
  phoneHash!: string;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Index()
  birthYear!: number;

  @Field(() => Gender)
  @Enum({ items: () => Gender })
  gender!: Gender;

  @Field(() => Education)
  @Enum({ items: () => Education })
  @Index()
  education!: Education;

  @Field(() => ProfessionalTitle)
  @Enum({ items: () => ProfessionalTitle })
  @Index()
  professionalTitle!: ProfessionalTitle;

  @Field(() => TalentType)
  @Enum({ items: () => TalentType })
  @Index()
  talentType!: TalentType;

  @Field(() => TalentTier, { nullable: true, description: 'Null for the many talents outside every tier' })
  @Enum({ items: () => TalentTier, nullable: true })
  @Index()
  tier?: TalentTier | null;

  @Field(() => Industry)
  @Enum({ items: () => Industry })
  @Index()
  industry!: Industry;

  @Field(() => Engagement)
  @Enum({ items: () => Engagement })
  @Index()
  engagement!: Engagement;

  @Field({ description: 'Overseas study or work experience (海外人才)' })
  @Property({ type: 'boolean' })
  overseasExperience!: boolean;

  @Field(() => LocalDateScalar, { description: 'Date the talent was introduced to or registered in the district' })
  @Property({ type: 'date' })
  introducedAt!: string;

  @ManyToOne(() => Organization)
  @Index()
  organization!: Organization;

  /** 引进渠道 (issue 14); records that predate it carry UNRECORDED. */
  @Field(() => RecruitmentChannel, { description: 'Channel through which the talent was introduced (引进渠道)' })
  @Enum({ items: () => RecruitmentChannel, default: RecruitmentChannel.UNRECORDED })
  @Index()
  recruitmentChannel: RecruitmentChannel = RecruitmentChannel.UNRECORDED;

  /** The 人才招引 event the talent was introduced through, if any. */
  @ManyToOne(() => RecruitmentEvent, { nullable: true })
  @Index()
  recruitmentEvent?: RecruitmentEvent | null;

  /**
   * When the record was archived (issue 6): archived records leave lists, counts and analytics
   * but stay for history; awards keep pointing at them. Null while active.
   */
  @Property({ type: 'timestamptz', nullable: true })
  archivedAt?: Date | null;

  @RecordKey()
  recordKey?: number;

  /** 1 on creation, +1 with every change (MikroORM optimistic locking; src/shared/writes/versioned.ts). */
  @Field(() => Int, { description: VERSION_DESCRIPTION })
  @Property({ version: true, type: 'integer' })
  version!: number;
}
