import { readRows, toCsvLine } from '../src/modules/imports/read-rows';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORGANIZATION_COLUMNS, OrganizationImportService } from '../src/modules/imports/organization-import';
import { SERVICE_POINT_COLUMNS, ServicePointImportService } from '../src/modules/imports/service-point-import';
import type { SheetImport } from '../src/modules/imports/sheet-import';
import { CoordSystem, fromWgs84, toWgs84 } from '../src/shared/geo';
import { importCreditCode, organizationCells, servicePointCells, SHEETS } from '../seeds/templates/sheets';
import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';

let hub: TestApp;
let dir: string;

beforeAll(async () => {
  hub = await createScratchHub('huigu_imports_places');
  dir = mkdtempSync(join(tmpdir(), 'huigu-import-places-'));
}, 60_000);
afterAll(async () => {
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Cells = Record<string, string>;
const sql = async <T = Record<string, any>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);
const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
/** Every row of the table as stored: a rewrite of any row changes it. */
const snapshot = async (table: string) => (await sql<{ h: string }>(`select md5(string_agg(t::text, '|' order by id)) as h from ${table} t`))[0].h;

function csv(name: string, headers: string[], rows: Cells[]): string {
  const file = join(dir, name);
  writeFileSync(file, '\uFEFF' + [toCsvLine(headers), ...rows.map((r) => toCsvLine(headers.map((h) => r[h] ?? '')))].join('\r\n') + '\r\n');
  return file;
}
async function xlsx(name: string, headers: string[], rows: Cells[]): Promise<string> {
  const file = join(dir, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入');
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(headers.map((h) => r[h]));
  await workbook.xlsx.writeFile(file);
  return file;
}

/**
 * The behaviour every import shares, run for each entity: bad rows among many, all or nothing,
 * idempotence, xlsx. `bad` spoils 3 rows of 300 (file rows 11, 151, 291) and says what the dry
 * run must report.
 */
function sharedBehaviour(entity: 'organizations' | 'service-points', options: {
  table: string;
  service: () => SheetImport<unknown, unknown>;
  first: number;
  spoil: [column: string, value: string, message: RegExp][];
}) {
  const { headers, cells } = SHEETS[entity];
  const good = Array.from({ length: 300 }, (_, i) => cells(options.first + i, ''));
  const bad = good.map((r) => ({ ...r }));
  const spoiled = [9, 149, 289];
  options.spoil.forEach(([column, value], k) => (bad[spoiled[k]][column] = value));

  it('a dry run lists exactly the bad rows; a real run of that file writes nothing', async () => {
    const before = await snapshot(options.table);
    const file = csv(`${entity}-bad.csv`, headers, bad);
    const report = await options.service().run(readRows(file), { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, rows: 300, written: false, inserted: 0 });
    expect(report.problems).toEqual(
      options.spoil.map(([column, value, message], k) => ({ row: spoiled[k] + 2, column, value, message: expect.stringMatching(message) })),
    );
    const real = await options.service().run(readRows(file));
    expect(real).toMatchObject({ written: false, inserted: 0, updated: 0 });
    expect(real.problems).toHaveLength(3);
    expect(await snapshot(options.table)).toBe(before);
  });

  it('the fixed file writes every row; importing it again rewrites nothing', async () => {
    const before = await count(options.table);
    const file = csv(`${entity}-good.csv`, headers, good);
    expect(await options.service().run(readRows(file))).toMatchObject({ written: true, rows: 300, inserted: 300, updated: 0, unchanged: 0, problems: [] });
    expect(await count(options.table)).toBe(before + 300);
    const v1 = await snapshot(options.table);
    expect(await options.service().run(readRows(file))).toMatchObject({ written: true, inserted: 0, updated: 0, unchanged: 300 });
    expect(await snapshot(options.table)).toBe(v1);
  });

  it('reads .xlsx the same way (round trip: the same rows again are unchanged, new ones inserted)', async () => {
    const rows = [...good.slice(0, 10), ...Array.from({ length: 10 }, (_, i) => cells(options.first + 500 + i, ''))];
    const file = await xlsx(`${entity}.xlsx`, headers, rows);
    expect(await options.service().run(readRows(file))).toMatchObject({ rows: 20, inserted: 10, updated: 0, unchanged: 10, problems: [] });
  });

  it('refuses a file whose header lacks a required column, once per column', async () => {
    const file = csv(`${entity}-no-header.csv`, headers.filter((h) => h !== '地址'), good.slice(0, 50));
    const report = await options.service().run(readRows(file), { dryRun: true });
    expect(report.problems).toEqual([{ row: 1, column: '地址', value: '', message: expect.stringContaining('表头缺少') }]);
  });
}

/** One row through the import (dry run) and its problems as [column, message]. */
async function problemsOf(service: SheetImport<unknown, unknown>, cells: Cells): Promise<[string, string][]> {
  const report = await service.run([{ row: 2, cells }], { dryRun: true });
  return report.problems.map((p) => [p.column, p.message]);
}

describe('organization import (keyed by 统一社会信用代码)', () => {
  const C = ORGANIZATION_COLUMNS;
  const service = () => new OrganizationImportService(hub.orm.em.fork());

  sharedBehaviour('organizations', {
    table: 'organization',
    service,
    first: 10_000,
    spoil: [
      [C.creditCode, '91110117M0000000X1', /GB 32100/],
      [C.kind, '公司', /政、企、校、院、村/],
      [C.town, '金海湖地区', /不一致/],
    ],
  });

  const row = (changes: Cells = {}) => ({ ...organizationCells(20_000), ...changes });
  it.each<[string, Cells, [string, RegExp][]]>([
    ['empty name', { [C.name]: '' }, [[C.name, /单位名称不能为空/]]],
    ['name too long', { [C.name]: '单'.repeat(129) }, [[C.name, /不超过 128/]]],
    ['credit code checksum', { [C.creditCode]: importCreditCode(20_000).slice(0, 17) + '0' }, [[C.creditCode, /GB 32100/]]],
    ['credit code missing', { [C.creditCode]: '' }, [[C.creditCode, /GB 32100/]]],
    ['unknown kind', { [C.kind]: '企业' }, [[C.kind, /应为 政、企、校、院、村 之一/]]],
    ['unknown industry', { [C.industry]: '制造业' }, [[C.industry, /农业科技创新/]]],
    ['empty address', { [C.address]: '' }, [[C.address, /地址不能为空/]]],
    ['unknown town', { [C.town]: '平谷镇' }, [[C.town, /没有该街道\/乡镇/]]],
    ['longitude not a number', { [C.longitude]: '东经117度' }, [[C.longitude, /十进制度数/]]],
    ['latitude outside the district', { [C.latitude]: '39.9' }, [[C.latitude, /不在平谷区范围内/]]],
    ['longitude outside the district', { [C.longitude]: '116.4' }, [[C.longitude, /不在平谷区范围内/]]],
    ['town far from the location', { [C.town]: '熊儿寨乡' }, [[C.town, /不一致/]]],
    ['unknown coordinate system', { [C.coordSystem]: 'CGCS2000' }, [[C.coordSystem, /WGS84、GCJ02 或 BD09/]]],
    ['unknown village', { [C.village]: '不存在村' }, [[C.village, /不属于所填街道/]]],
  ])('%s', async (_, changes, expected) => {
    const problems = await problemsOf(service(), row(changes));
    expect(problems).toEqual(expected.map(([column, message]) => [column, expect.stringMatching(message)]));
  });

  it('accepts a town by division code or short name, a village by name, GCJ-02 coordinates converted to WGS-84', async () => {
    const [village] = await sql<{ code: string; name: string; town: string; latitude: number; longitude: number }>(
      `select v.code, v.name, t.name as town, t.latitude, t.longitude from region v join region t on t.code = v.parent_code where v.level = 'VILLAGE' order by v.code limit 1`,
    );
    const gcj = fromWgs84({ latitude: village.latitude, longitude: village.longitude }, CoordSystem.GCJ02);
    const cells = row({
      [C.creditCode]: importCreditCode(20_001),
      [C.town]: village.town.replace(/(街道|地区|镇|乡)$/, ''),
      [C.village]: village.name,
      [C.latitude]: String(gcj.latitude),
      [C.longitude]: String(gcj.longitude),
      [C.coordSystem]: 'GCJ-02',
    });
    expect(await service().run([{ row: 2, cells }])).toMatchObject({ inserted: 1, problems: [] });
    const [stored] = await sql(`select village_code, latitude, longitude from organization where credit_code = ?`, [importCreditCode(20_001)]);
    expect(stored.village_code).toBe(village.code);
    const wgs = toWgs84(gcj, CoordSystem.GCJ02);
    expect(stored.latitude).toBeCloseTo(wgs.latitude, 9);
    expect(stored.longitude).toBeCloseTo(wgs.longitude, 9);
    expect(Math.abs(stored.latitude - village.latitude)).toBeLessThan(1e-6);
  });

  it('refuses the same credit code twice in a file (any case), and a village of another town', async () => {
    const a = row({ [C.creditCode]: importCreditCode(20_002) });
    const town = a[C.town];
    const [other] = await sql<{ code: string }>(
      `select v.code from region v join region t on t.code = v.parent_code where v.level = 'VILLAGE' and ? not in (t.code, t.name) order by v.code limit 1`,
      [town],
    );
    const report = await service().run(
      [
        { row: 2, cells: a },
        { row: 3, cells: { ...a, [C.creditCode]: a[C.creditCode].toLowerCase() } },
        { row: 4, cells: row({ [C.creditCode]: importCreditCode(20_003), [C.village]: other.code }) },
      ],
      { dryRun: true },
    );
    expect(report.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, C.creditCode, expect.stringContaining('与第 2 行为同一单位')],
      [4, C.village, expect.stringContaining('不属于所填街道')],
    ]);
  });

  it('reports an archived organization instead of reviving it', async () => {
    const code = importCreditCode(20_004);
    expect(await service().run([{ row: 2, cells: row({ [C.creditCode]: code }) }])).toMatchObject({ inserted: 1 });
    await sql(`update organization set archived_at = now() where credit_code = ?`, [code]);
    const report = await service().run([{ row: 2, cells: row({ [C.creditCode]: code, [C.name]: '改名' }) }]);
    expect(report).toMatchObject({ written: false, problems: [{ column: C.creditCode, message: expect.stringContaining('已归档') }] });
    const [stored] = await sql(`select name, archived_at from organization where credit_code = ?`, [code]);
    expect(stored.archived_at).not.toBeNull();
    expect(stored.name).not.toBe('改名');
  });

  it('keeps the analytics consistent: an employer changing kind and town takes its talents along', async () => {
    const [employer] = await sql<{ id: number; credit_code: string; kind: string; talents: number }>(
      `select o.id, o.credit_code, o.kind, count(*)::int as talents from organization o join talent t on t.organization_id = o.id and t.archived_at is null
        where o.credit_code is not null and o.archived_at is null and o.kind <> 'SCHOOL' group by o.id order by count(*) desc limit 1`,
    );
    const DISTRIBUTION = '{ talentDistribution(by: [ORG_KIND]) { total buckets { count keys { value } } } }';
    const live = async () =>
      Object.fromEntries(
        (await sql<{ kind: string; n: number }>(`select o.kind, count(*)::int as n from talent t join organization o on o.id = t.organization_id where t.archived_at is null group by o.kind`)).map((r) => [r.kind, r.n]),
      );
    const dashboard = async () => {
      const result = await hub.gql(DISTRIBUTION, {}, { as: 'ADMIN' });
      expect(result.errors).toBeUndefined();
      return Object.fromEntries(result.data!.talentDistribution.buckets.filter((b: any) => b.count).map((b: any) => [b.keys[0].value, b.count]));
    };
    const before = await live();
    expect(await dashboard()).toEqual(before);
    const version = async () => (await sql<{ v: string }>(`select version::text as v from analytics_data_version where source = 'talent'`))[0].v;
    const v1 = await version();

    // The employer, as a department sends it: now a school at the centre of 熊儿寨乡.
    const [town] = await sql<{ code: string; latitude: number; longitude: number }>(`select code, latitude, longitude from region where name = '熊儿寨乡'`);
    const [current] = await sql(`select name, industry, address, version from organization where id = ?`, [employer.id]);
    const cells = {
      [C.name]: current.name, [C.creditCode]: employer.credit_code, [C.kind]: '校', [C.industry]: current.industry, [C.address]: current.address,
      [C.town]: town.code, [C.village]: '', [C.longitude]: String(town.longitude), [C.latitude]: String(town.latitude), [C.coordSystem]: '',
    };
    expect(await service().run([{ row: 2, cells }])).toMatchObject({ written: true, inserted: 0, updated: 1, problems: [] });
    expect(await version()).not.toBe(v1);
    // The record's own version moves as a mutation's would: a client editing the old one gets CONFLICT.
    expect(await sql(`select version from organization where id = ?`, [employer.id])).toEqual([{ version: current.version + 1 }]);
    const after = await live();
    expect(after.SCHOOL).toBe((before.SCHOOL ?? 0) + employer.talents);
    expect(after[employer.kind]).toBe(before[employer.kind] - employer.talents);
    expect(await dashboard()).toEqual(after);
    const rollupByTown = await sql(`select town_code, sum(n)::int as n from analytics_talent_profile group by town_code having sum(n) <> 0 order by 1`);
    const liveByTown = await sql(`select o.town_code, count(*)::int as n from talent t join organization o on o.id = t.organization_id where t.archived_at is null group by 1 order by 1`);
    expect(rollupByTown).toEqual(liveByTown);
  });
});

describe('service-point import (keyed by 名称 + 地址)', () => {
  const C = SERVICE_POINT_COLUMNS;
  const service = () => new ServicePointImportService(hub.orm.em.fork());

  sharedBehaviour('service-points', {
    table: 'service_point',
    service,
    first: 10_000,
    spoil: [
      [C.category, '购', /衣、食、住、行、娱/],
      [C.subcategory, '人才小院', /（类别 /],
      [C.coordSystem, '北斗', /WGS84、GCJ02 或 BD09/],
    ],
  });

  const row = (changes: Cells = {}) => ({ ...servicePointCells(20_000), ...changes });
  it.each<[string, Cells, [string, RegExp][]]>([
    ['empty name', { [C.name]: '' }, [[C.name, /名称不能为空/]]],
    ['empty address', { [C.address]: '' }, [[C.address, /地址不能为空/]]],
    ['unknown category', { [C.category]: '医' }, [[C.category, /应为 衣、食、住、行、娱 之一/]]],
    ['subcategory of another category', { [C.category]: '食', [C.subcategory]: '商场' }, [[C.subcategory, /餐厅.*（类别 食）/]]],
    ['bad phone', { [C.phone]: '请致电' }, [[C.phone, /电话号码/]]],
    ['opening hours too long', { [C.openingHours]: '全'.repeat(129) }, [[C.openingHours, /不超过 128/]]],
    ['outside the district', { [C.latitude]: '41.5' }, [[C.latitude, /不在平谷区范围内/]]],
    ['town far from the location', { [C.town]: '镇罗营镇' }, [[C.town, /不一致/]]],
    ['unknown town', { [C.town]: '110117999000' }, [[C.town, /没有该街道/]]],
  ])('%s', async (_, changes, expected) => {
    const problems = await problemsOf(service(), row(changes));
    expect(problems).toEqual(expected.map(([column, message]) => [column, expect.stringMatching(message)]));
  });

  it('stores WGS-84 converted from BD-09, and updates a known name + address only when something differs', async () => {
    const cells = servicePointCells(20_006); // i % 3 = 2: BD-09
    expect(cells[C.coordSystem]).toBe('BD09');
    expect(await service().run([{ row: 2, cells }])).toMatchObject({ inserted: 1 });
    const where = `where name = ? and address = ?`;
    const key = [cells[C.name], cells[C.address]];
    const [stored] = await sql(`select id, latitude, longitude, subcategory, category from service_point ${where}`, key);
    const wgs = toWgs84({ latitude: Number(cells[C.latitude]), longitude: Number(cells[C.longitude]) }, CoordSystem.BD09);
    expect(stored.latitude).toBeCloseTo(wgs.latitude, 9);
    expect(stored.longitude).toBeCloseTo(wgs.longitude, 9);
    expect(await service().run([{ row: 2, cells: { ...cells, [C.openingHours]: '24小时' } }])).toMatchObject({ inserted: 0, updated: 1 });
    const [again] = await sql(`select id, opening_hours, version from service_point ${where}`, key);
    expect(again).toEqual({ id: stored.id, opening_hours: '24小时', version: 2 });
  });

  it('refuses the same name + address twice in a file, and a match with an archived point', async () => {
    const cells = servicePointCells(20_003);
    const twice = await service().run([{ row: 2, cells }, { row: 3, cells }], { dryRun: true });
    expect(twice.problems).toEqual([expect.objectContaining({ row: 3, column: C.name, message: expect.stringContaining('与第 2 行为同一服务点') })]);
    expect(await service().run([{ row: 2, cells }])).toMatchObject({ inserted: 1 });
    await sql(`update service_point set archived_at = now() where name = ? and address = ?`, [cells[C.name], cells[C.address]]);
    const report = await service().run([{ row: 2, cells: { ...cells, [C.phone]: '010-69961111' } }]);
    expect(report).toMatchObject({ written: false, problems: [{ column: C.name, message: expect.stringMatching(/已归档.*unarchiveServicePoint/) }] });
  });

  it('two imports of the same new points at once add each point once', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ row: i + 2, cells: servicePointCells(70_000 + i) }));
    const before = await count('service_point');
    const reports = await Promise.all([service().run(rows), service().run(rows), service().run(rows)]);
    expect(await count('service_point')).toBe(before + 40);
    expect(reports.map((r) => r.inserted).sort((a, b) => a - b)).toEqual([0, 0, 40]);
    for (const report of reports) expect(report).toMatchObject({ written: true, problems: [] });
  });

  it('keeps serviceCategories counts equal to the active points', async () => {
    const COUNTS = '{ serviceCategories { category count subcategories { value count } } }';
    const counts = async () => {
      const result = await hub.gql(COUNTS);
      expect(result.errors).toBeUndefined();
      return Object.fromEntries(result.data!.serviceCategories.map((c: any) => [c.category, c.count]));
    };
    const before = await counts();
    const rows = Array.from({ length: 23 }, (_, i) => ({ row: i + 2, cells: servicePointCells(30_000 + i) }));
    expect(await service().run(rows)).toMatchObject({ inserted: 23 });
    const after = await counts();
    const live = Object.fromEntries((await sql<{ category: string; n: number }>(`select category, count(*)::int as n from service_point where archived_at is null group by 1`)).map((r) => [r.category, r.n]));
    expect(after).toEqual(live);
    expect(Object.values(after).reduce((a: number, b) => a + (b as number), 0)).toBe(Object.values(before).reduce((a: number, b) => a + (b as number), 0) + 23);
  });
});

describe('importOrganizations and importServicePoints mutations', () => {
  const ORGS = `mutation($rows: [OrganizationImportRowInput!]!, $dryRun: Boolean) {
    importOrganizations(rows: $rows, dryRun: $dryRun) { dryRun rows written inserted updated unchanged problems { row column value message } } }`;
  const POINTS = `mutation($rows: [ServicePointImportRowInput!]!, $dryRun: Boolean) {
    importServicePoints(rows: $rows, dryRun: $dryRun) { dryRun rows written inserted updated unchanged problems { row column value message } } }`;
  const asInput = (columns: Record<string, string>, cells: Cells) => Object.fromEntries(Object.entries(columns).map(([key, header]) => [key, cells[header]]));

  it.each([
    ['importOrganizations', ORGS, ORGANIZATION_COLUMNS, organizationCells, 'kind'],
    ['importServicePoints', POINTS, SERVICE_POINT_COLUMNS, servicePointCells, 'category'],
  ] as const)('%s goes through the same service: dry run, then a real run', async (field, mutation, columns, cells, spoil) => {
    const rows = [asInput(columns, cells(40_000)), { ...asInput(columns, cells(40_001)), [spoil]: '?' }];
    const dry = await hub.gql(mutation, { rows, dryRun: true }, { as: 'ADMIN' });
    expect(dry.errors).toBeUndefined();
    expect(dry.data![field]).toMatchObject({ dryRun: true, written: false, rows: 2, problems: [{ row: 2, column: columns[spoil as keyof typeof columns], value: '?' }] });
    const real = await hub.gql(mutation, { rows: rows.slice(0, 1) }, { as: 'ADMIN' });
    expect(real.data![field]).toMatchObject({ written: true, inserted: 1, problems: [] });
  });

  it.each([
    ['importOrganizations', ORGS],
    ['importServicePoints', POINTS],
  ])('%s is FORBIDDEN for ANALYST and refuses more than 5,000 rows', async (_, mutation) => {
    expect((await hub.gql(mutation, { rows: [] }, { as: 'ANALYST' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const tooMany = await hub.gql(mutation, { rows: Array.from({ length: 5001 }, () => ({ name: 'x' })), dryRun: true }, { as: 'ADMIN' });
    expect(tooMany.errors?.[0].extensions?.code).toBe('LIMIT_EXCEEDED');
  });
});
