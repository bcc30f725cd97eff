import { Entity, Index, OneToOne, Property } from '@mikro-orm/core';
import { Talent } from '../talent/talent.entity';

/**
 * A talent's profile for matching (专业特长、研究方向、从业经历): free Chinese text the demands'
 * specialty keywords are looked for in (src/modules/matching). Beside the register row rather
 * than in it: the text is long and edited on its own, and a change to it is no change to what
 * the register counts (the analytics rollups, the record's version).
 * Substring search without word segmentation, as names: a GIN index on the text's character
 * unigrams and bigrams (text_search_grams, migration …_text_search) and the talent's education
 * finds the rows holding a keyword's bigrams at an education, and strpos decides.
 */
@Entity()
@Index({ name: 'talent_profile_keys_index', expression: 'create index "talent_profile_keys_index" on "talent_profile" using gin (talent_profile_keys("profile", "education"))' })
export class TalentProfile {
  @OneToOne(() => Talent, { primary: true, deleteRule: 'cascade', owner: true })
  talent!: Talent;

  @Property({ type: 'text' })
  profile!: string;

  /** The talent's education, mirrored by triggers (migration …_matching) for the index: never set here, the trigger fills it. */
  @Property({ type: 'text', hidden: true })
  education!: string;
}
