import type { Industry } from '../../src/modules/organization/organization.enums';
import { SPECIALTIES } from '../reference/specialties';
import type { SqlClient } from '../bulk';

/**
 * Talents' profiles (talent_profile, src/modules/matching): two specialties of the talent's own
 * industry (the catalogue's and demands' specialties, with their keywords), and for one talent
 * in three a third from anywhere (people cross over). Drawn in SQL
 * from md5 of the talent's id, so a profile depends on the talent alone: deterministic, the same
 * for every seed size, and written for any talent that lacks one (a register seeded before
 * profiles existed is topped up the same way; a second run adds nothing).
 */
/** One phrase a specialty: its name and the keywords demands for it list (seeds/reference/specialties.ts). */
export const PROFILE_PHRASES: Record<Industry, readonly string[]> = Object.fromEntries(
  Object.entries(SPECIALTIES).map(([industry, specialties]) => [industry, specialties.map((s) => `${s.name}（${s.keywords.join('、')}）`)]),
) as unknown as Record<Industry, readonly string[]>;

const ALL_PHRASES = Object.values(PROFILE_PHRASES).flat();

/** Talents per statement: keeps each transaction (and its keyword postings, talent_match_term) bounded. */
const PROFILE_BATCH = 100_000;

/** One statement: profiles for the talents with ids in [from, to] that have none. */
const FILL = `insert into talent_profile (talent_id, profile)
select t.id,
  (v.own ->> (h.a % v.n)) || '；' || (v.own ->> ((h.a + 1 + h.b % (v.n - 1)) % v.n))
    || case when h.c % 3 = 0 then '；' || ($2::jsonb ->> (h.d % jsonb_array_length($2::jsonb))) else '' end
from talent t
cross join lateral (
  select get_byte(x, 0) * 256 + get_byte(x, 1) as a, get_byte(x, 2) * 256 + get_byte(x, 3) as b, get_byte(x, 4) as c, get_byte(x, 5) * 256 + get_byte(x, 6) as d
  from (select decode(md5('talent-profile-' || t.id), 'hex') as x) as s
) as h
cross join lateral (select $1::jsonb -> t.industry as own, jsonb_array_length($1::jsonb -> t.industry) as n) as v
where t.id between $3 and $4 and v.n > 1
on conflict (talent_id) do nothing`;

/** Writes the missing profiles; returns how many. */
export async function fillTalentProfiles(client: SqlClient, log: (line: string) => void = () => undefined): Promise<number> {
  const { rows } = await client.query('select coalesce(min(id), 0)::int as lo, coalesce(max(id), 0)::int as hi from talent');
  const { lo, hi } = rows[0] as { lo: number; hi: number };
  let added = 0;
  for (let from = lo; from <= hi && hi > 0; from += PROFILE_BATCH) {
    const result = await client.query(FILL, [JSON.stringify(PROFILE_PHRASES), JSON.stringify(ALL_PHRASES), from, from + PROFILE_BATCH - 1]);
    added += result.rowCount ?? 0;
    if (hi - lo > PROFILE_BATCH) log(`talent profiles: up to id ${Math.min(hi, from + PROFILE_BATCH - 1)}`);
  }
  return added;
}
