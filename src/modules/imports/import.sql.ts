/**
 * THE statement of talent imports: one chunk of rows as a JSON array, upserted on the keyed
 * hash of the ID number. An existing talent is updated only when something differs (compared
 * through the phone's hash: ciphertexts differ on every encryption), so a re-import touches no
 * row, and the analytics triggers and data version see only real changes. The ID number's
 * ciphertext of a known talent is kept (same hash, same number). Returns one row per insert or
 * update: inserted = (xmax = 0). A re-imported archived talent becomes active again (a department
 * reports them as present).
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
  archived_at = null
where talent.archived_at is not null or (talent.name, talent.phone_hash, talent.birth_year, talent.gender, talent.education, talent.professional_title, talent.talent_type,
       talent.tier, talent.industry, talent.engagement, talent.overseas_experience, talent.introduced_at, talent.organization_id)
  is distinct from
      (excluded.name, excluded.phone_hash, excluded.birth_year, excluded.gender, excluded.education, excluded.professional_title,
       excluded.talent_type, excluded.tier, excluded.industry, excluded.engagement, excluded.overseas_experience, excluded.introduced_at,
       excluded.organization_id)
returning (xmax = 0) as inserted`;
