import type { EntityManager } from '@mikro-orm/core';
import type { AbstractSqlConnection, MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config';
import { keyringFromConfig, type PiiKeyring } from '../src/shared/pii/keyring';
import { encryptPersonal, lookupHash } from '../src/shared/pii/personal-data-cipher';
import { advanceSequence, bulkInsert, columns, inTransaction, writeTable, type Column, type SqlClient } from './bulk';
import { generateAwards, type AwardRow } from './generators/awards';
import { generateOrganizations, organizationCount, type OrganizationRow } from './generators/organizations';
import { generateMemberships, generatePlatforms, platformCount, type MembershipRow, type PlatformRow } from './generators/platforms';
import { generateRegions, type GeneratedRegion } from './generators/regions';
import { DEFAULT_SERVICE_POINTS, generateServicePoints, type ServicePointRow } from './generators/service-points';
import { TalentGenerator, TalentRegister, type TalentRow } from './generators/talents';
import { eventsByYear, generateRecruitmentEvents, recruitmentChannelFor, type RecruitmentEventRow } from './generators/recruitment';
import { RecruitmentChannel } from '../src/modules/recruitment/recruitment.enums';
import { seedDemandSide, type DemandSideCounts } from './demand-side';
import { fillTalentProfiles } from './generators/profiles';

export interface SeedOptions {
  /** Talents on the register; organizations (one per 20, at least 400) and platforms scale with it. */
  talents: number;
  /** Points of the service map; 3,000 unless given. */
  servicePoints?: number;
  log?: (message: string) => void;
  /** Keys that encrypt and hash personal fields; by default the configured ones (loadConfig). */
  keyring?: PiiKeyring;
}

export interface TableCounts extends DemandSideCounts {
  region: number;
  organization: number;
  talent: number;
  platform: number;
  platformMembership: number;
  award: number;
  servicePoint: number;
  recruitmentEvent: number;
}

export interface SeedReport {
  /** Rows this run added (0 everywhere when the data was already there). */
  inserted: TableCounts;
  /** Rows in each table afterwards. */
  total: TableCounts;
  elapsedMs: number;
}

/** Rows per statement: large enough to amortise round trips, small enough to keep memory flat. */
const TALENT_BATCH = 25_000;

const regionColumns = columns<GeneratedRegion>({
  code: 'text', name: 'text', level: 'text', kind: 'text', parentCode: 'text', latitude: 'float8', longitude: 'float8',
});

const organizationColumns = columns<OrganizationRow>({
  id: 'int', name: 'text', kind: 'text', creditCode: 'text', industry: 'text', townCode: 'text', villageCode: 'text',
  address: 'text', latitude: 'float8', longitude: 'float8',
});

/**
 * Talents' personal fields are written only encrypted, with their lookup hashes: the generator's
 * plaintext never reaches the database.
 */
function talentColumns(keyring: PiiKeyring): Column<TalentRow>[] {
  return [
    ...columns<TalentRow>({
      id: 'int', name: 'text', birthYear: 'smallint', gender: 'text', education: 'text',
      professionalTitle: 'text', talentType: 'text', tier: 'text', industry: 'text', engagement: 'text',
      overseasExperience: 'bool', introducedAt: 'date', organizationId: 'int', recruitmentEventId: 'int',
    }),
    { name: 'recruitment_channel', type: 'text', value: (row) => row.recruitmentChannel ?? RecruitmentChannel.UNRECORDED },
    { name: 'id_number_cipher', type: 'text', value: (row) => encryptPersonal(keyring, 'idNumber', row.idNumber) },
    { name: 'id_number_hash', type: 'text', value: (row) => lookupHash(keyring, 'idNumber', row.idNumber) },
    { name: 'phone_cipher', type: 'text', value: (row) => encryptPersonal(keyring, 'phone', row.phone) },
    { name: 'phone_hash', type: 'text', value: (row) => lookupHash(keyring, 'phone', row.phone) },
  ];
}

const recruitmentEventColumns = columns<RecruitmentEventRow>({
  id: 'int', kind: 'text', name: 'text', heldOn: 'date', organizerId: 'int', venue: 'text',
});

/**
 * A talent already there is left alone, except that a register seeded before channels existed
 * (issue 14) gets its channel: the same one a fresh seed draws. Re-runs change nothing.
 */
const TALENT_CONFLICT = `on conflict ("id") do update set recruitment_channel = excluded.recruitment_channel, recruitment_event_id = excluded.recruitment_event_id
  where talent.recruitment_channel = 'UNRECORDED' and excluded.recruitment_channel <> 'UNRECORDED'`;

/** Gives each generated talent its channel of introduction (and event), from its own facts. */
function channelAssigner(organizations: readonly OrganizationRow[], events: readonly RecruitmentEventRow[]): (row: TalentRow) => TalentRow {
  const kindOf = new Map(organizations.map((o) => [o.id, o.kind] as const));
  const byYear = eventsByYear(events);
  return (row) => {
    const kind = kindOf.get(row.organizationId);
    if (!kind) throw new Error(`talent ${row.id}: no organization ${row.organizationId}`);
    return Object.assign(row, recruitmentChannelFor({ ...row, kind }, byYear));
  };
}

const platformColumns = columns<PlatformRow>({
  id: 'int', name: 'text', type: 'text', level: 'text', hostOrganizationId: 'int', townCode: 'text',
  latitude: 'float8', longitude: 'float8', establishedYear: 'smallint',
});

const membershipColumns = columns<MembershipRow>({ platformId: 'int', talentId: 'int' });

/** Money goes in as text and is cast to numeric in SQL. */
const awardColumns = columns<AwardRow>({
  program: 'text', amount: 'numeric', year: 'smallint', status: 'text', recipientKind: 'text',
  talentId: 'int', organizationId: 'int', platformId: 'int',
});

/**
 * Awards have no natural primary key to conflict on, so a re-run skips every award whose
 * programme, year and recipient are already there (which is also the rule: no recipient gets
 * one programme twice in a year).
 */
const AWARD_NOT_PRESENT = `where not exists (
  select 1 from "award" a
  where a.program = x.program and a.year = x.year and a.recipient_kind = x.recipient_kind
    and coalesce(a.talent_id, a.organization_id, a.platform_id) = coalesce(x.talent_id, x.organization_id, x.platform_id))`;

const servicePointColumns = columns<ServicePointRow>({
  id: 'int', name: 'text', category: 'text', subcategory: 'text', address: 'text', townCode: 'text',
  latitude: 'float8', longitude: 'float8', phone: 'text', openingHours: 'text', talentCardBenefit: 'text',
});

/**
 * Seeds the district's synthetic data: regions, organizations, talents, platforms and their
 * members, awards, service points. Deterministic (the same options give the same rows) and
 * idempotent (rows carry fixed ids and conflicts are skipped; awards are matched on programme,
 * year and recipient), so running it twice adds nothing. Each table is written in one
 * transaction, so a crash leaves no partial table behind.
 */
export async function seedDatabase(orm: MikroORM, options: SeedOptions): Promise<SeedReport> {
  return seedWithEntityManager(orm.em.fork(), options);
}

/** The same, for callers that hold an EntityManager only (the MikroORM seeder). */
export async function seedWithEntityManager(em: EntityManager, options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const talents = options.talents;
  if (!Number.isInteger(talents) || talents < 0) throw new RangeError(`talents must be a whole number ≥ 0, got ${talents}`);
  const servicePoints = options.servicePoints ?? DEFAULT_SERVICE_POINTS;
  const inserted: TableCounts = { region: 0, organization: 0, talent: 0, platform: 0, platformMembership: 0, award: 0, servicePoint: 0, recruitmentEvent: 0,
    shortageCatalogueEntry: 0, shortageRecognition: 0, demand: 0, demandFill: 0, challengeBid: 0, trainingProgramme: 0, trainingEnrolment: 0, pairing: 0, pairingTalent: 0,
  };

  return withClient(em, async (client) => {
    const regions = generateRegions();
    inserted.region = await writeTable(client, 'region', regionColumns, regions.rows, { tail: 'on conflict ("code") do nothing', serial: false });
    log(`regions: ${regions.rows.length} (${inserted.region} new)`);

    const organizations = generateOrganizations(organizationCount(talents), regions);
    inserted.organization = await writeTable(client, 'organization', organizationColumns, organizations);
    log(`organizations: ${organizations.length} (${inserted.organization} new)`);

    const events = generateRecruitmentEvents(organizations);
    inserted.recruitmentEvent = await writeTable(client, 'recruitment_event', recruitmentEventColumns, events);
    log(`recruitment events: ${events.length} (${inserted.recruitmentEvent} new)`);
    const withChannel = channelAssigner(organizations, events);

    const register = new TalentRegister(talents);
    const personalColumns = talentColumns(options.keyring ?? keyringFromConfig(loadConfig().pii));
    inserted.talent = await inTransaction(client, async () => {
      const generator = new TalentGenerator(organizations);
      let count = 0;
      let pending: Promise<number> | null = null;
      let nextReport = talents / 10;
      // Generate the next batch while the database writes the previous one.
      for (let done = 0; done < talents; ) {
        const size = Math.min(TALENT_BATCH, talents - done);
        const batch: TalentRow[] = new Array(size);
        for (let i = 0; i < size; i++) {
          const row = withChannel(generator.next());
          register.record(row);
          batch[i] = row;
        }
        done += size;
        if (pending) count += await pending;
        const statement = bulkInsert('talent', personalColumns, batch, TALENT_CONFLICT);
        pending = client.query(statement.text, statement.values).then((r) => r.rowCount ?? 0);
        // Awaited on the next turn; marked handled now in case generation throws first.
        pending.catch(() => undefined);
        if (done >= nextReport && done < talents) {
          log(`talents: ${done}/${talents}`);
          nextReport += talents / 10;
        }
      }
      if (pending) count += await pending;
      await advanceSequence(client, 'talent');
      return count;
    });
    log(`talents: ${talents} (${inserted.talent} new)`);

    const platforms = generatePlatforms(platformCount(talents), organizations, regions);
    inserted.platform = await writeTable(client, 'platform', platformColumns, platforms);
    const memberships = generateMemberships(platforms, organizations, register);
    inserted.platformMembership = await writeTable(client, 'platform_membership', membershipColumns, memberships, {
      tail: 'on conflict ("platform_id", "talent_id") do nothing',
      serial: false,
    });
    log(`platforms: ${platforms.length} with ${memberships.length} memberships (${inserted.platform} and ${inserted.platformMembership} new)`);

    const awards = generateAwards(organizations, register, platforms);
    inserted.award = await writeTable(client, 'award', awardColumns, awards, { tail: AWARD_NOT_PRESENT });
    log(`awards: ${awards.length} (${inserted.award} new)`);

    Object.assign(inserted, await seedDemandSide(client, organizations, talents, log));
    log(`talent profiles: ${await fillTalentProfiles(client, log)} new`);

    const points = generateServicePoints(servicePoints, regions);
    inserted.servicePoint = await writeTable(client, 'service_point', servicePointColumns, points);
    log(`service points: ${points.length} (${inserted.servicePoint} new)`);

    await client.query('analyze');
    return { inserted, total: await countRows(client), elapsedMs: Date.now() - started };
  });
}

/** True once the register holds talents (false too when the tables do not exist yet). */
export async function isSeeded(orm: MikroORM): Promise<boolean> {
  const connection = orm.em.getConnection();
  const [table] = await connection.execute<{ present: boolean }[]>(`select to_regclass('talent') is not null as present`);
  if (!table?.present) return false;
  const [row] = await connection.execute<{ seeded: boolean }[]>(`select exists (select 1 from talent) as seeded`);
  return row?.seeded === true;
}

async function countRows(client: SqlClient): Promise<TableCounts> {
  const { rows } = await client.query(`select
    (select count(*) from region)::int as "region",
    (select count(*) from organization)::int as "organization",
    (select count(*) from talent)::int as "talent",
    (select count(*) from platform)::int as "platform",
    (select count(*) from platform_membership)::int as "platformMembership",
    (select count(*) from award)::int as "award",
    (select count(*) from service_point)::int as "servicePoint",
    (select count(*) from recruitment_event)::int as "recruitmentEvent",
    (select count(*) from shortage_catalogue_entry)::int as "shortageCatalogueEntry",
    (select count(*) from shortage_recognition)::int as "shortageRecognition",
    (select count(*) from demand)::int as "demand",
    (select count(*) from demand_fill)::int as "demandFill",
    (select count(*) from challenge_bid)::int as "challengeBid",
    (select count(*) from training_programme)::int as "trainingProgramme",
    (select count(*) from training_enrolment)::int as "trainingEnrolment",
    (select count(*) from pairing)::int as "pairing",
    (select count(*) from pairing_talent)::int as "pairingTalent"`);
  return rows[0] as TableCounts;
}

/** One pooled connection for the whole seed (node-pg's client under MikroORM's knex). */
async function withClient<T>(em: EntityManager, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const knex = (em.getConnection() as AbstractSqlConnection).getKnex();
  const client = (await knex.client.acquireConnection()) as SqlClient;
  try {
    return await work(client);
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/** One line for logs: "seeded 20000 talents … in 4.2 s". */
export function formatReport(report: SeedReport): string {
  const t = report.total;
  const n = report.inserted;
  const added = Object.values(n).reduce((a, b) => a + b, 0);
  return (
    `seed: ${t.talent} talents, ${t.organization} organizations, ${t.platform} platforms (${t.platformMembership} members), ` +
    `${t.award} awards, ${t.servicePoint} service points, ${t.region} regions, ` +
    `${t.demand} demands (${t.challengeBid} bids), ${t.shortageCatalogueEntry} catalogue entries, ${t.trainingEnrolment} enrolments, ${t.pairing} pairings; ${added} rows added in ${(report.elapsedMs / 1000).toFixed(1)} s`
  );
}
