import { RawQueryFragment } from '@mikro-orm/core';
import { createTestApp, type TestApp } from './helpers/app';
import { contractOperations } from './helpers/operations';

const analyst = contractOperations('analyst.graphql');

let hub: TestApp;
/** Analysts read records; every query here runs as one unless it says otherwise. */
let gql: TestApp['gql'];
beforeAll(async () => {
  hub = await createTestApp();
  gql = (query, variables, options = { as: 'ANALYST' }) => hub.gql(query, variables, options);
});
afterAll(() => hub.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  hub.orm.em.getConnection().execute<T[]>(text, params);

describe('analyst contract (analyst.graphql)', () => {
  it.each([...analyst.keys()])('%s runs without errors on seeded data', async (name) => {
    const [{ id: talentId }] = await sql<{ id: number }>('select id from talent order by id limit 1');
    const variables: Record<string, Record<string, unknown>> = {
      TalentSearch: { filter: { tiers: ['SHORTAGE', 'YOUTH'] }, orderBy: [{ field: 'INTRODUCED_AT', direction: 'DESC' }], first: 10 },
      OrganizationsWithTalent: { filter: { kinds: ['ENTERPRISE'] }, first: 5 },
      PlatformsWithMembers: { first: 5 },
      AwardsLedger: { first: 20 },
      OneTalent: { id: String(talentId) },
    };
    const result = await gql(analyst.get(name)!, variables[name] ?? {});
    expect(result.errors).toBeUndefined();
    expect(result.data).toBeTruthy();
  });

  it('TalentSearch returns personal fields masked', async () => {
    const result = await gql(analyst.get('TalentSearch')!, { first: 20 });
    const nodes = result.data!.talents.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(20);
    for (const node of nodes) {
      expect(node.idNumber).toMatch(/^110117\*{8}\d{3}[\dX]$/);
      expect(node.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
  });

  it('AwardsLedger resolves every recipient kind to its own type', async () => {
    const result = await gql(analyst.get('AwardsLedger')!, { first: 100 });
    const typenames = new Set(result.data!.awards.edges.map((e: any) => e.node.recipient.__typename));
    const kinds = await sql<{ recipient_kind: string }>('select distinct recipient_kind from award');
    expect(typenames.size).toBe(kinds.length);
  });
});

describe('paging', () => {
  const PAGE = `query Page($filter: TalentFilter, $orderBy: [TalentOrder!], $first: Int, $after: String) {
    talents(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name introducedAt } }
    }
  }`;

  async function walk(filter: unknown, orderBy: unknown): Promise<{ ids: number[]; totalCount: number }> {
    const ids: number[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let guard = 0; guard < 500; guard++) {
      const result: any = await gql(PAGE, { filter, orderBy, first: 7, after });
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo } = result.data.talents;
      totalCount = result.data.talents.totalCount;
      ids.push(...edges.map((e: any) => Number(e.node.id)));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    return { ids, totalCount };
  }

  it('visits every row of a filtered list once, in order, with first: 7 (by introduction date, ties by id)', async () => {
    const filter = { educations: ['DOCTORATE', 'MASTER'], engagements: ['FULL_TIME'] };
    const { ids, totalCount } = await walk(filter, [{ field: 'INTRODUCED_AT', direction: 'DESC' }]);
    const expected = await sql<{ id: number }>(
      `select id from talent where education in ('DOCTORATE', 'MASTER') and engagement = 'FULL_TIME' order by introduced_at desc, id desc`,
    );
    expect(ids).toEqual(expected.map((r) => r.id));
    expect(totalCount).toBe(expected.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps cursors stable under an ordering with many ties (by name ascending)', async () => {
    const filter = { orgKinds: ['VILLAGE'], talentTypes: ['RURAL_PRACTICAL'], genders: ['FEMALE'] };
    const { ids } = await walk(filter, [{ field: 'NAME', direction: 'ASC' }]);
    const expected = await sql<{ id: number }>(
      `select t.id from talent t join organization o on o.id = t.organization_id
        where o.kind = 'VILLAGE' and t.talent_type = 'RURAL_PRACTICAL' and t.gender = 'FEMALE' order by t.name, t.id`,
    );
    expect(expected.length).toBeGreaterThan(7);
    expect(ids).toEqual(expected.map((r) => r.id));
  });

  it('refuses a cursor cut for another ordering', async () => {
    const first: any = await gql(PAGE, { first: 2 });
    const result = await gql(PAGE, { first: 2, after: first.data.talents.pageInfo.endCursor, orderBy: [{ field: 'NAME', direction: 'ASC' }] });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('filters', () => {
  const COUNT = 'query Count($filter: TalentFilter) { talents(filter: $filter, first: 1) { totalCount } }';

  it.each([
    ['tiers', { tiers: ['SHORTAGE', 'LEADING'] }, `t.tier in ('SHORTAGE', 'LEADING')`],
    ['no tier', { hasTier: false }, 't.tier is null'],
    ['org kinds and overseas', { orgKinds: ['INSTITUTE', 'SCHOOL'], overseasExperience: true }, `o.kind in ('INSTITUTE', 'SCHOOL') and t.overseas_experience`],
    ['town', { townCodes: ['110117004000'] }, `o.town_code = '110117004000'`],
    ['introduction dates', { introducedFrom: '2021-01-01', introducedTo: '2022-12-31' }, `t.introduced_at between '2021-01-01' and '2022-12-31'`],
    ['industries and types', { industries: ['DRONE', 'SMART_LOGISTICS'], talentTypes: ['HIGH_SKILLED'] }, `t.industry in ('DRONE', 'SMART_LOGISTICS') and t.talent_type = 'HIGH_SKILLED'`],
  ])('%s: totalCount equals counting with SQL', async (_name, filter, where) => {
    const result: any = await gql(COUNT, { filter });
    expect(result.errors).toBeUndefined();
    const [{ count }] = await sql<{ count: number }>(
      `select count(*)::int as count from talent t join organization o on o.id = t.organization_id where ${where}`,
    );
    expect(count).toBeGreaterThan(0);
    expect(result.data.talents.totalCount).toBe(count);
  });

  it('age bands count by birth year against the current year', async () => {
    const result: any = await gql(COUNT, { filter: { ageBands: ['UNDER_35'] } });
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const [{ count }] = await sql<{ count: number }>('select count(*)::int as count from talent where birth_year >= ?', [year - 34]);
    expect(result.data.talents.totalCount).toBe(count);
  });

  it('a name search finds one- and two-character terms exactly, pages and counts alike, through the gram index', async () => {
    const [{ name }] = await sql<{ name: string }>('select name from talent where char_length(name) >= 3 order by id limit 1');
    const chars = [...name];
    const NAMES = 'query Names($filter: TalentFilter, $after: String) { talents(filter: $filter, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }';
    for (const term of [chars[0], chars.slice(1, 3).join(''), name]) {
      const [{ count }] = await sql<{ count: number }>('select count(*)::int as count from talent where position(? in name) > 0 and archived_at is null', [term]);
      const names: string[] = [];
      let after: string | null = null;
      let totalCount = -1;
      do {
        const result: any = await gql(NAMES, { filter: { nameContains: term }, after });
        expect(result.errors).toBeUndefined();
        totalCount = result.data.talents.totalCount;
        names.push(...result.data.talents.edges.map((e: { node: { name: string } }) => e.node.name));
        after = result.data.talents.pageInfo.hasNextPage ? result.data.talents.pageInfo.endCursor : null;
      } while (after);
      expect(count).toBeGreaterThan(0);
      expect(totalCount).toBe(count);
      expect(names).toHaveLength(count);
      for (const found of names) expect(found).toContain(term);
    }
    // The count the API sent, planned with sequential scans off (4,000 rows would not need the
    // index; a million do): the gram index must be able to serve it.
    hub.resetStatements();
    await gql(COUNT, { filter: { nameContains: chars.slice(1, 3).join('') } });
    const logged = hub.statements.find((statement) => /count\(/.test(statement) && /text_search_grams/.test(statement))!;
    expect(logged).toBeDefined();
    // The logger's line ("[query] … [took n ms]", coloured), back to the statement with ? placeholders.
    const count = logged.replace(/\u001b\[\d+m/g, '').replace(/^\[query\] /, '').replace(/ \[took .*$/, '').replace(/\$\d+/g, '?');
    const term = chars.slice(1, 3).join('');
    const plan = await hub.orm.em.fork().transactional(async (em) => {
      await em.execute('set local enable_seqscan = off');
      return (await em.execute<{ 'QUERY PLAN': string }[]>(`explain ${count}`, [term, `%${term}%`])).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/talent_name_grams_index/);
  });

  it('a malformed cursor beside a name search is BAD_USER_INPUT and leaves no raw SQL fragment registered', async () => {
    const before = RawQueryFragment.checkCacheSize();
    for (let i = 0; i < 3; i++) {
      const result: any = await gql('query($f: TalentFilter) { talents(filter: $f, first: 5, after: "not-a-cursor") { totalCount } }', { f: { nameContains: '王' } });
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(RawQueryFragment.checkCacheSize()).toBe(before);
  });

  it('a name search treats LIKE wildcards as characters', async () => {
    const result: any = await gql(COUNT, { filter: { nameContains: '%' } });
    expect(result.errors).toBeUndefined();
    expect(result.data.talents.totalCount).toBe(0);
  });
});

describe('SQL statements per request', () => {
  it('do not grow with the page size of the nested TalentSearch', async () => {
    const count = async (first: number) => {
      hub.resetStatements();
      const result = await gql(analyst.get('TalentSearch')!, { first });
      expect(result.errors).toBeUndefined();
      expect(result.data!.talents.edges).toHaveLength(first);
      return hub.statements.length;
    };
    const small = await count(5);
    const large = await count(50);
    expect(large).toBe(small);
    // page + count + organizations + towns + platforms + awards
    expect(small).toBeLessThanOrEqual(6);
  });

  it('do not grow with the number of organizations whose talents are listed', async () => {
    const count = async (first: number) => {
      hub.resetStatements();
      const result = await gql(analyst.get('OrganizationsWithTalent')!, { first });
      expect(result.errors).toBeUndefined();
      return hub.statements.length;
    };
    expect(await count(40)).toBe(await count(4));
  });
});

describe('bad input', () => {
  const expectCleanError = (result: any, code: string) => {
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error.extensions.code).toBe(code);
    expect(error.extensions.stacktrace).toBeUndefined();
    expect(error.extensions.exception).toBeUndefined();
    expect(error.message).not.toMatch(/select |insert |\bfrom\b.*\bwhere\b|node_modules|\.ts:\d+/i);
  };

  it('an unknown id is NOT_FOUND', async () => {
    expectCleanError(await gql(analyst.get('OneTalent')!, { id: '999999999' }), 'NOT_FOUND');
  });

  it('an id that is not an id is BAD_USER_INPUT, not a database error', async () => {
    expectCleanError(await gql(analyst.get('OneTalent')!, { id: "1' or '1'='1" }), 'BAD_USER_INPUT');
    expectCleanError(await gql(analyst.get('OneTalent')!, { id: '99999999999999999999' }), 'BAD_USER_INPUT');
  });

  it('first above 100 is refused with a clear message', async () => {
    const result: any = await gql('query($first: Int) { talents(first: $first) { totalCount } }', { first: 1000 });
    expectCleanError(result, 'BAD_USER_INPUT');
    expect(result.errors[0].message).toMatch(/first must be between 1 and 100/);
    expectCleanError(await gql(analyst.get('TalentSearch')!, { first: 0 }), 'BAD_USER_INPUT');
    // On the nested search the cost limit (list sizes multiply) refuses it before it runs.
    expectCleanError(await gql(analyst.get('TalentSearch')!, { first: 1000 }), 'QUERY_TOO_COMPLEX');
  });

  it('a malformed cursor is BAD_USER_INPUT', async () => {
    expectCleanError(await gql(analyst.get('TalentSearch')!, { first: 5, after: 'not-a-cursor' }), 'BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify({ o: 'introducedAt:desc,id:desc', v: ["2020-01-01'; drop table talent; --", {}] })).toString('base64url');
    expectCleanError(await gql(analyst.get('TalentSearch')!, { first: 5, after: forged }), 'BAD_USER_INPUT');
  });

  it('an unknown enum value is refused before anything runs', async () => {
    const result: any = await gql(analyst.get('TalentSearch')!, { filter: { tiers: ['LEGENDARY'] } });
    expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const literal: any = await gql('{ talents(filter: { tiers: [LEGENDARY] }) { totalCount } }');
    expect(literal.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a malformed town code is refused with the field named', async () => {
    const result: any = await gql('query($f: TalentFilter) { talents(filter: $f) { totalCount } }', { f: { townCodes: ['pinggu'] } });
    expectCleanError(result, 'BAD_USER_INPUT');
    expect(result.errors[0].message).toMatch(/townCodes must be 12-digit division codes/);
    expect(JSON.stringify(result.errors[0])).not.toContain('pinggu');
  });
});

describe('nested connections', () => {
  it("an organization's talents page by id and count all of them", async () => {
    const [{ id, count }] = await sql<{ id: number; count: number }>(
      'select organization_id as id, count(*)::int as count from talent group by 1 order by 2 desc limit 1',
    );
    const query = `query($id: ID!, $after: String) { organization(id: $id) { talents(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    const first: any = await gql(query, { id: String(id) });
    const second: any = await gql(query, { id: String(id), after: first.data.organization.talents.pageInfo.endCursor });
    const expected = await sql<{ id: number }>('select id from talent where organization_id = ? order by id limit 6', [id]);
    const seen = [...first.data.organization.talents.edges, ...second.data.organization.talents.edges].map((e: any) => Number(e.node.id));
    expect(seen).toEqual(expected.map((r) => r.id));
    expect(first.data.organization.talents.totalCount).toBe(count);
  });
});

describe('regions', () => {
  it('lists the 18 streets and towns with their parent', async () => {
    const result: any = await gql('{ regions(level: TOWN) { code name parent { code } centroid { latitude longitude } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.regions).toHaveLength(18);
    expect(result.data.regions[0]).toMatchObject({ code: '110117001000', name: '滨河街道', parent: { code: '110117000000' } });
  });
});
