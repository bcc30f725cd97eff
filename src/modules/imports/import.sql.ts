/**
 * The merge statements of imports: each reads the staging table `import_stage` (sheet-import.ts:
 * one row per checked file row, every one good by the time these run) and returns one
 * `inserted boolean` per row it wrote. They run in ONE transaction per import.
 */

/** The talent staging columns (talent-import.ts stages them in this order): personal fields already encrypted and hashed. */
export const TALENT_STAGING = {
  name: 'text', id_number_cipher: 'text', id_number_hash: 'text', phone_cipher: 'text', phone_hash: 'text', birth_year: 'smallint',
  gender: 'text', education: 'text', professional_title: 'text', talent_type: 'text', tier: 'text', industry: 'text', engagement: 'text',
  overseas_experience: 'boolean', introduced_at: 'date', organization_id: 'int',
} as const;

/** The talent fields an import writes and compares (the phone through its hash: ciphertexts differ on every encryption). */
const TALENT_COMPARED = ['name', 'phone_hash', 'birth_year', 'gender', 'education', 'professional_title', 'talent_type', 'tier', 'industry',
  'engagement', 'overseas_experience', 'introduced_at', 'organization_id'];
const TALENT_WRITTEN = ['name', 'phone_cipher', ...TALENT_COMPARED.slice(1)];
const TALENT_INSERTED = ['name', 'id_number_cipher', 'id_number_hash', 'phone_cipher', 'phone_hash', 'birth_year', 'gender', 'education',
  'professional_title', 'talent_type', 'tier', 'industry', 'engagement', 'overseas_experience', 'introduced_at', 'organization_id'];
const fields = (alias: string, names: readonly string[]) => names.map((n) => `${alias}.${n}`).join(', ');

/** Staged row r equals active talent t: importing it changes nothing. */
const TALENT_UNCHANGED = `t.id_number_hash = r.id_number_hash and t.archived_at is null
  and (${fields('t', TALENT_COMPARED)}) is not distinct from (${fields('r', TALENT_COMPARED)})`;

/**
 * THE statement of talent imports: the staged rows upserted on the keyed hash of the ID number.
 * Rows equal to an active talent are left out before the upsert (one join, no row lock: a
 * re-import of an unchanged file writes nothing at all).
 * An existing talent is updated only when something differs (compared through the phone's hash:
 * ciphertexts differ on every encryption), so a re-import touches no row, and the analytics
 * triggers and data version see only real changes. The ID number's ciphertext of a known talent
 * is kept (same hash, same number). inserted = (xmax = 0). A re-imported archived talent becomes
 * active again (a department reports them as present). Every imported change moves the record's
 * version, as a mutation's does (src/shared/writes/versioned.ts), so a client holding the old
 * version gets CONFLICT.
 */
export const MERGE_TALENTS_SQL = `
insert into talent (${TALENT_INSERTED.join(', ')})
select ${fields('r', TALENT_INSERTED)}
  from import_stage r
 where not exists (select 1 from talent t where ${TALENT_UNCHANGED})
 order by r.row
on conflict (id_number_hash) do update set
  ${TALENT_WRITTEN.map((n) => `${n} = excluded.${n}`).join(', ')},
  archived_at = null, version = talent.version + 1
where talent.archived_at is not null or (${fields('talent', TALENT_COMPARED)}) is distinct from (${fields('excluded', TALENT_COMPARED)})
returning (xmax = 0) as inserted`;

/** How many staged rows the merge would write (insert or update): what decides a bulk load. */
export const TALENT_PENDING_SQL = `select count(*)::int as n from import_stage r where not exists (select 1 from talent t where ${TALENT_UNCHANGED})`;

/**
 * A bulk load's record keys (src/shared/disclosure/record-key.ts), drawn set-based: record_key_draw()
 * reads the strong random source once per row (2.9 s per million rows, most of it that read);
 * here it is read once per statement, for a 244-bit seed (two version-4 UUIDs), and each row's key
 * is the first 32 bits of SHA-256(seed, staged row number), the top one cleared: a non-negative int
 * (0.9 s per million). The seed never leaves the statement, so the keys are as unpredictable as
 * drawn ones.
 */
// Bitwise operators in SQL share one precedence, left to right: every step parenthesized.
const BULK_RECORD_KEY = `((((get_byte(r.h, 0) & 127) << 24) | (get_byte(r.h, 1) << 16)) | ((get_byte(r.h, 2) << 8) | get_byte(r.h, 3)))`;

/**
 * The same merge for a bulk load (sheet-import.ts, BulkMerge), run while the import holds talent
 * in ACCESS EXCLUSIVE mode with its secondary indexes dropped (the unique index on the hash
 * among them): no other writer can add a hash meanwhile, so an UPDATE of the known hashes
 * followed by an INSERT of the others does what the upsert does, by hash joins instead of one
 * index probe per row.
 */
export const BULK_MERGE_TALENTS_SQL = [
  `update talent t set ${TALENT_WRITTEN.map((n) => `${n} = r.${n}`).join(', ')}, archived_at = null, version = t.version + 1
     from import_stage r
    where t.id_number_hash = r.id_number_hash
      and (t.archived_at is not null or (${fields('t', TALENT_COMPARED)}) is distinct from (${fields('r', TALENT_COMPARED)}))
   returning false as inserted`,
  `insert into talent (${TALENT_INSERTED.join(', ')}, record_key)
   with draw as materialized (select uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) as seed)
   select ${fields('r', TALENT_INSERTED)}, ${BULK_RECORD_KEY}
     -- offset 0 keeps the subquery whole: one hash per row, not one per use of h.
     from (select r.*, sha256(d.seed || int4send(r.row)) as h
             from import_stage r, draw d
            where not exists (select 1 from talent t where t.id_number_hash = r.id_number_hash)
           offset 0) r
    order by r.row
   returning true as inserted`,
];

export const ORGANIZATION_STAGING = {
  name: 'text', kind: 'text', credit_code: 'text', industry: 'text', town_code: 'text', village_code: 'text', address: 'text',
  latitude: 'double precision', longitude: 'double precision',
} as const;

/**
 * Organization imports: the staged rows upserted on the credit code (organization_credit_code_unique).
 * A known organization is rewritten only when a field differs; an archived one is never touched
 * (the import reports it beforehand; `archived_at is null` also holds against a concurrent
 * archive). INSERT … ON CONFLICT DO UPDATE fires the statement-level INSERT and UPDATE triggers:
 * the data version bump, and analytics_organization_stage, whose transition tables hold the
 * updated rows, so talents follow an employer that changes kind or town.
 */
export const MERGE_ORGANIZATIONS_SQL = `
insert into organization (name, kind, credit_code, industry, town_code, village_code, address, latitude, longitude)
select r.name, r.kind, r.credit_code, r.industry, r.town_code, r.village_code, r.address, r.latitude, r.longitude
  from import_stage r
 where not exists (select 1 from organization o where o.credit_code = r.credit_code
                      and (o.name, o.kind, o.industry, o.town_code, o.village_code, o.address, o.latitude, o.longitude)
                          is not distinct from
                          (r.name, r.kind, r.industry, r.town_code, r.village_code, r.address, r.latitude, r.longitude))
 order by r.row
on conflict (credit_code) do update set
  name = excluded.name, kind = excluded.kind, industry = excluded.industry, town_code = excluded.town_code,
  village_code = excluded.village_code, address = excluded.address, latitude = excluded.latitude, longitude = excluded.longitude,
  version = organization.version + 1
where organization.archived_at is null
  and (organization.name, organization.kind, organization.industry, organization.town_code, organization.village_code,
       organization.address, organization.latitude, organization.longitude)
  is distinct from
      (excluded.name, excluded.kind, excluded.industry, excluded.town_code, excluded.village_code,
       excluded.address, excluded.latitude, excluded.longitude)
returning (xmax = 0) as inserted`;

/** `id` = the known point a row names (then it is an update), null for a new point. */
export const SERVICE_POINT_STAGING = {
  id: 'int', name: 'text', category: 'text', subcategory: 'text', address: 'text', town_code: 'text', latitude: 'double precision',
  longitude: 'double precision', phone: 'text', opening_hours: 'text', talent_card_benefit: 'text',
} as const;

/**
 * Serializes service-point imports (the table has no unique key to upsert on): the lock, held to
 * the end of the merge's transaction, as a statement of the merge that writes no row (the lock
 * is taken while the filter is evaluated).
 */
const SERVICE_POINT_IMPORT_LOCK = `select false as inserted from (select pg_advisory_xact_lock(hashtext('huigu:service-point-import'))::text as locked) l where l.locked is null`;

/**
 * Service-point imports, rows matched to known points (by name + address) while checked: those
 * are updated by id, only where a field differs and never while archived; the rest are inserted,
 * except those an import committed since this one read the known points (the lock above makes
 * that one committed): no point is added twice by two departments importing the same file at
 * once. Plain UPDATE and INSERT statements (the generated `earth` column follows the location).
 */
export const MERGE_SERVICE_POINTS_SQL = [
  SERVICE_POINT_IMPORT_LOCK,
  `update service_point sp set
     category = r.category, subcategory = r.subcategory, town_code = r.town_code, latitude = r.latitude, longitude = r.longitude,
     phone = r.phone, opening_hours = r.opening_hours, talent_card_benefit = r.talent_card_benefit, version = sp.version + 1
     from import_stage r
    where r.id is not null and sp.id = r.id and sp.archived_at is null
      and (sp.category, sp.subcategory, sp.town_code, sp.latitude, sp.longitude, sp.phone, sp.opening_hours, sp.talent_card_benefit)
          is distinct from
          (r.category, r.subcategory, r.town_code, r.latitude, r.longitude, r.phone, r.opening_hours, r.talent_card_benefit)
   returning false as inserted`,
  `insert into service_point (name, category, subcategory, address, town_code, latitude, longitude, phone, opening_hours, talent_card_benefit)
   select r.name, r.category, r.subcategory, r.address, r.town_code, r.latitude, r.longitude, r.phone, r.opening_hours, r.talent_card_benefit
     from import_stage r
    where r.id is null
      and not exists (select 1 from service_point sp where sp.name = r.name and sp.address = r.address and sp.archived_at is null)
    order by r.row
   returning true as inserted`,
];
