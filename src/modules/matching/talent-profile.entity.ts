import { Entity, OneToOne, Property } from '@mikro-orm/core';
import { Talent } from '../talent/talent.entity';

/**
 * A talent's profile for matching (专业特长、研究方向、从业经历): free Chinese text the demands'
 * specialty keywords are looked for in (src/modules/matching). Beside the register row rather
 * than in it: the text is long and edited on its own, and a change to it is no change to what
 * the register counts (the analytics rollups, the record's version).
 * Matching reads it through talent_match (migration …_matching_projection), which triggers keep
 * beside every active talent together with the talent's class, and through the keyword postings
 * of talent_match_term (migration …_matching_postings).
 */
@Entity()
export class TalentProfile {
  @OneToOne(() => Talent, { primary: true, deleteRule: 'cascade', owner: true })
  talent!: Talent;

  @Property({ type: 'text' })
  profile!: string;
}
