import { Client } from 'pg';
import { CatalogueEntryImportService } from '../src/modules/imports/catalogue-import';
import { DemandImportService } from '../src/modules/imports/demand-import';
import type { SheetRow } from '../src/modules/imports/read-rows';
import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';

/** Issue 14: demands and catalogue entries from spreadsheets: dry run, all or nothing, idempotent. */
let hub: TestApp;
beforeAll(async () => {
  hub = await createScratchHub('huigu_demand_imports', 200);
});
afterAll(() => hub.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);
const rows = (cells: Record<string, string>[]): SheetRow[] => cells.map((c, i) => ({ row: i + 2, cells: c }));
const demands = () => new DemandImportService(hub.orm.em.fork(), 'import-test');
const entries = () => new CatalogueEntryImportService(hub.orm.em.fork());
const state = async () =>
  (
    await sql<{ demands: number; events: number; entries: number; catalogues: number; versions: number }>(
      `select (select count(*)::int from demand) as demands, (select count(*)::int from demand_event) as events,
         (select count(*)::int from shortage_catalogue_entry) as entries, (select count(*)::int from shortage_catalogue) as catalogues,
         (select coalesce(sum(version), 0)::int from demand) as versions`,
    )
  )[0];

describe('demand import', () => {
  let employer: { name: string; credit_code: string; town_code: string; industry: string };
  beforeAll(async () => {
    [employer] = await sql(`select name, credit_code, town_code, industry from organization where credit_code is not null and archived_at is null order by id limit 1`);
  });
  const sheet = () =>
    rows([
      { 需求编号: 'ZP-2026-001', 发布单位统一社会信用代码: employer.credit_code, 需求类型: '岗位需求', 需求名称: '果树技术员', 专业关键词: '大桃、果树，栽培', 最低学历: '大学本科', 需求人数: '2' },
      { 需求编号: 'ZP-2026-002', 发布单位: employer.name, 需求类型: '揭榜挂帅', 需求名称: '大桃采后保鲜', 难题类别: '技术难题', '奖励金额（元）': '300,000', 截止日期: '2030/6/30' },
      { 需求编号: 'ZP-2026-003', 发布单位: employer.name, 需求类型: '柔性引才/专家服务', 需求名称: '植保首席专家', 服务月数: '4', '所在街道/乡镇': '峪口' },
    ]);

  it('a dry run reports and writes nothing; the real run posts every row OPEN with its history; the same file again changes nothing', async () => {
    const before = await state();
    expect(await demands().run(sheet(), { dryRun: true })).toMatchObject({ dryRun: true, rows: 3, written: false, inserted: 3, updated: 0, unchanged: 0, problems: [] });
    expect(await state()).toEqual(before);
    expect(await demands().run(sheet())).toMatchObject({ written: true, inserted: 3, updated: 0, unchanged: 0, problems: [] });
    const posted = await sql<Record<string, unknown>>(
      `select external_ref, kind, status, town_code, industry, keywords, headcount, engagement, reward::text, deadline::text, service_months,
         (select count(*)::int from demand_event e where e.demand_id = d.id and e.to_status = 'OPEN' and e.actor = 'import-test') as steps
       from demand d where external_ref like 'ZP-2026-%' order by external_ref`,
    );
    expect(posted[0]).toMatchObject({ kind: 'POSITION', status: 'OPEN', town_code: employer.town_code, industry: employer.industry, keywords: ['大桃', '果树', '栽培'], headcount: 2, engagement: 'FULL_TIME', steps: 1 });
    expect(posted[1]).toMatchObject({ kind: 'CHALLENGE', reward: '300000.00', deadline: '2030-06-30', engagement: null, headcount: 1 });
    expect(posted[2]).toMatchObject({ kind: 'EXPERT_SERVICE', engagement: 'FLEXIBLE', service_months: 4, town_code: '110117004000' });
    const after = await state();
    expect(await demands().run(sheet())).toMatchObject({ written: true, inserted: 0, updated: 0, unchanged: 3 });
    expect(await state()).toEqual(after);
  });

  it('updates an open demand where a cell changed, and refuses to touch one that was closed', async () => {
    const changed = sheet().map((r) => (r.cells['需求编号'] === 'ZP-2026-001' ? { ...r, cells: { ...r.cells, 需求人数: '5' } } : r));
    expect(await demands().run(changed)).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    await sql(`update demand set status = 'CLOSED' where external_ref = 'ZP-2026-003'`);
    const before = await state();
    const report = await demands().run(sheet());
    expect(report.written).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ row: 4, column: '需求编号' })]);
    expect(await state()).toEqual(before);
  });

  it('reports every problem of a bad file and writes none of its rows, good ones included', async () => {
    const before = await state();
    const report = await demands().run(
      rows([
        { 需求编号: 'ZP-2026-101', 发布单位: employer.name, 需求类型: '岗位需求', 需求名称: '好的一行' },
        { 需求编号: 'ZP-2026-102', 发布单位: '没有这个单位', 需求类型: '揭榜挂帅', 需求名称: '缺奖励', 截止日期: '2026-02-30' },
        { 需求编号: 'ZP-2026-101', 发布单位: employer.name, 需求类型: '工作', 需求名称: '' },
      ]),
    );
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => `${p.row}:${p.column}`).sort()).toEqual(
      ['3:发布单位', '3:难题类别', '3:奖励金额（元）', '3:截止日期', '4:需求编号', '4:需求类型', '4:需求名称'].sort(),
    );
    expect(await state()).toEqual(before);
  });

  it('a new keyword behind a long write to talents (another import) fails the file with its reason, writing nothing', async () => {
    const importer = new Client({ connectionString: hub.orm.config.get('clientUrl') });
    await importer.connect();
    try {
      const file = rows([{ 需求编号: 'ZP-2026-090', 发布单位: employer.name, 需求类型: '岗位需求', 需求名称: '冷链调度', 专业关键词: '冷链多温区调度' }]);
      // What a talent import's merge holds on talent_match (its triggers write it) until it commits.
      await importer.query('begin');
      await importer.query('lock table talent_match in row exclusive mode');
      const before = await state();
      await expect(demands().run(file)).rejects.toMatchObject({ code: 'IMPORT_WRITE_FAILED', message: expect.stringContaining('新的专业关键词') });
      expect(await state()).toEqual(before);
      expect(await sql(`select id from match_term where term = '冷链多温区调度'`)).toEqual([]);
      await importer.query('commit');
      expect(await demands().run(file)).toMatchObject({ written: true, inserted: 1 });
    } finally {
      await importer.query('rollback').catch(() => {});
      await importer.end();
    }
  });

  it('a file without a required header is refused before any row', async () => {
    const report = await demands().run(rows([{ 需求编号: 'x', 需求名称: 'y' }]));
    expect(report.problems.map((p) => p.column).sort()).toEqual(['需求类型']);
    expect(report.written).toBe(false);
  });
});

describe('catalogue import', () => {
  const sheet = (headcount = '3') =>
    rows([
      { 目录年度: '2031', 产业领域: '无人机', 专业方向: '低空物流调度', 最低学历: '硕士研究生', 最低职称: '中级', 需求人数: headcount },
      { 目录年度: '2031', 产业领域: '卫生', 专业方向: '全科医学', 最低学历: '大学本科', 最低职称: '初级', 需求人数: '10' },
      { 目录年度: '2032', 产业领域: '教育', 专业方向: '特殊教育', 最低学历: '大学本科', 最低职称: '无', 需求人数: '2' },
    ]);

  it('creates the years’ catalogues and their entries; the same file again changes nothing; a changed headcount updates one entry', async () => {
    expect(await entries().run(sheet(), { dryRun: true })).toMatchObject({ written: false, inserted: 3, problems: [] });
    expect(await sql(`select year from shortage_catalogue where year >= 2031`)).toEqual([]);
    expect(await entries().run(sheet())).toMatchObject({ written: true, inserted: 3, updated: 0 });
    expect((await sql<{ year: number; n: number }>(`select c.year, count(*)::int as n from shortage_catalogue c join shortage_catalogue_entry e on e.catalogue_id = c.id where c.year >= 2031 group by 1 order by 1`))).toEqual([
      { year: 2031, n: 2 },
      { year: 2032, n: 1 },
    ]);
    const before = await state();
    expect(await entries().run(sheet())).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await state()).toEqual(before);
    expect(await entries().run(sheet('4'))).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
  });

  it('refuses a repeated key, an unknown employer, a bad year and label, writing nothing', async () => {
    const before = await state();
    const report = await entries().run(
      rows([
        { 目录年度: '2033', 产业领域: '无人机', 专业方向: '飞控', 最低学历: '硕士研究生', 最低职称: '中级', 需求人数: '1' },
        { 目录年度: '2033', 产业领域: '无人机', 专业方向: '飞控', 最低学历: '硕士研究生', 最低职称: '中级', 需求人数: '1' },
        { 目录年度: '33', 产业领域: '航天', 专业方向: '火箭', 最低学历: '博士研究生', 最低职称: '正高级', 需求人数: '0', 用人单位: '没有这个单位' },
      ]),
    );
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => `${p.row}:${p.column}`).sort()).toEqual(['3:专业方向', '4:目录年度', '4:产业领域', '4:需求人数', '4:用人单位'].sort());
    expect(await state()).toEqual(before);
  });
});

describe('import mutations', () => {
  it('importDemands and importCatalogueEntries run as ADMIN, dry run by default off', async () => {
    const result = await hub.gql(
      `mutation { importCatalogueEntries(rows: [{ year: "2034", industry: "无人机", specialty: "测绘", minEducation: "大学本科", minProfessionalTitle: "无", headcount: "1" }], dryRun: true) { dryRun rows written problems { row } } }`,
      {},
      { as: 'ADMIN' },
    );
    expect(result.data!.importCatalogueEntries).toEqual({ dryRun: true, rows: 1, written: false, problems: [] });
    const demandsResult = await hub.gql(`mutation { importDemands(rows: [{ externalRef: "x" }]) { written problems { column } } }`, {}, { as: 'ADMIN' });
    expect(demandsResult.data!.importDemands.written).toBe(false);
    expect(demandsResult.data!.importDemands.problems.length).toBeGreaterThan(0);
  });
});
