/**
 * THE statement of talent imports: one chunk of rows as a JSON array, upserted on the keyed
 * hash of the ID number. An existing talent is updated only when something differs (compared
 * through the phone's hash: ciphertexts differ on every encryption), so a re-import touches no
 * row, and the analytics triggers and data version see only real changes. The ID number's
 * ciphertext of a known talent is kept (same hash, same number). Returns one row per insert or
 * update: inserted = (xmax = 0). A re-imported archived talent becomes active again (a department
 * reports them as present). Every imported change moves the record's version, as a mutation's
 * does (src/shared/writes/versioned.ts), so a client holding the old version gets CONFLICT.
 */
export const UPSERT_TALENTS_SQL = `
insert into talent (name, id_number_cipher, id_number_hash, phone_cipher, phone_hash, birth_year, gender, education,
                    professional_title, talent_type, tier, industry, engagement, overseas_experience, introduced_at, organization_id)
select r."name", r."idNumberCipher", r."idNumberHash", r."phoneCipher", r."phoneHash", r."birthYear", r."gender", r."education",
       r."professionalTitle", r."talentType", r."tier", r."industry", r."engagement", r."overseasExperience", r."introducedAt", r."organizationId"
  from jsonb_to_recordset(?::jsonb) as r("name" text, "idNumberCipher" text, "idNumberHash" text, "phoneCipher" text, "phoneHash" text,
       "birthYear" smallint, "gender" text, "education" text, "professionalTitle" text, "talentType" text, "tier" text, "industry" text,
       "engagement" text, "overseasExperience" boolean, "introducedAt" date, "organizationId" int)
on conflict (id_number_hash) do update set
  name = excluded.name, phone_cipher = excluded.phone_cipher, phone_hash = excluded.phone_hash, birth_year = excluded.birth_year,
  gender = excluded.gender, education = excluded.education, professional_title = excluded.professional_title,
  talent_type = excluded.talent_type, tier = excluded.tier, industry = excluded.industry, engagement = excluded.engagement,
  overseas_experience = excluded.overseas_experience, introduced_at = excluded.introduced_at, organization_id = excluded.organization_id,
  archived_at = null, version = talent.version + 1
where talent.archived_at is not null or (talent.name, talent.phone_hash, talent.birth_year, talent.gender, talent.education, talent.professional_title, talent.talent_type,
       talent.tier, talent.industry, talent.engagement, talent.overseas_experience, talent.introduced_at, talent.organization_id)
  is distinct from
      (excluded.name, excluded.phone_hash, excluded.birth_year, excluded.gender, excluded.education, excluded.professional_title,
       excluded.talent_type, excluded.tier, excluded.industry, excluded.engagement, excluded.overseas_experience, excluded.introduced_at,
       excluded.organization_id)
returning (xmax = 0) as inserted`;

/**
 * Organization imports: one chunk upserted on the credit code (organization_credit_code_unique).
 * A known organization is rewritten only when a field differs; an archived one is never touched
 * (the import reports it beforehand; `archived_at is null` also holds against a concurrent
 * archive). INSERT … ON CONFLICT DO UPDATE fires the statement-level INSERT and UPDATE triggers:
 * the data version bump, and analytics_organization_stage, whose transition tables hold the
 * updated rows, so talents follow an employer that changes kind or town.
 */
export const UPSERT_ORGANIZATIONS_SQL = `
insert into organization (name, kind, credit_code, industry, town_code, village_code, address, latitude, longitude)
select r."name", r."kind", r."creditCode", r."industry", r."townCode", r."villageCode", r."address", r."latitude", r."longitude"
  from jsonb_to_recordset(?::jsonb) as r("name" text, "kind" text, "creditCode" text, "industry" text, "townCode" text, "villageCode" text,
       "address" text, "latitude" double precision, "longitude" double precision)
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

/** The columns of a service-point chunk as jsonb_to_recordset reads them. */
const SERVICE_POINT_RECORD = `r("id" int, "name" text, "category" text, "subcategory" text, "address" text, "townCode" text,
       "latitude" double precision, "longitude" double precision, "phone" text, "openingHours" text, "talentCardBenefit" text)`;

/**
 * Service-point imports, rows matched to known points (by name + address) beforehand: those are
 * updated by id, only where a field differs and never while archived; the rest are inserted.
 * Plain UPDATE and INSERT statements (the generated `earth` column follows the location).
 */
export const UPDATE_SERVICE_POINTS_SQL = `
update service_point sp set
  category = r."category", subcategory = r."subcategory", town_code = r."townCode", latitude = r."latitude", longitude = r."longitude",
  phone = r."phone", opening_hours = r."openingHours", talent_card_benefit = r."talentCardBenefit", version = sp.version + 1
  from jsonb_to_recordset(?::jsonb) as ${SERVICE_POINT_RECORD}
 where sp.id = r."id" and sp.archived_at is null
   and (sp.category, sp.subcategory, sp.town_code, sp.latitude, sp.longitude, sp.phone, sp.opening_hours, sp.talent_card_benefit)
       is distinct from
       (r."category", r."subcategory", r."townCode", r."latitude", r."longitude", r."phone", r."openingHours", r."talentCardBenefit")
returning sp.id`;

/**
 * New points, except those an import committed since this one read the known points (imports
 * of service points hold SERVICE_POINT_IMPORT_LOCK, so that one has committed): no point is
 * added twice by two departments importing the same file at once.
 */
export const INSERT_SERVICE_POINTS_SQL = `
insert into service_point (name, category, subcategory, address, town_code, latitude, longitude, phone, opening_hours, talent_card_benefit)
select r."name", r."category", r."subcategory", r."address", r."townCode", r."latitude", r."longitude", r."phone", r."openingHours", r."talentCardBenefit"
  from jsonb_to_recordset(?::jsonb) as ${SERVICE_POINT_RECORD}
 where not exists (select 1 from service_point sp where sp.name = r."name" and sp.address = r."address" and sp.archived_at is null)
returning id`;

/** Serializes service-point imports (the table has no unique key to upsert on). */
export const SERVICE_POINT_IMPORT_LOCK = `select pg_advisory_xact_lock(hashtext('huigu:service-point-import'))`;
