import { Industry } from '../../src/modules/organization/organization.enums';
import type { SqlClient } from '../bulk';

/**
 * Talents' profiles (talent_profile, src/modules/matching): two specialties of the talent's own
 * industry, and for one talent in three a third from anywhere (people cross over). Drawn in SQL
 * from md5 of the talent's id, so a profile depends on the talent alone: deterministic, the same
 * for every seed size, and written for any talent that lacks one (a register seeded before
 * profiles existed is topped up the same way; a second run adds nothing).
 */
export const SPECIALTIES: Record<Industry, readonly string[]> = {
  [Industry.DRONE]: ['无人机飞控系统研发', '植保无人机作业', '无人机航测与遥感', '无人机整机装配与检测', '低空物流配送', '无人机驾驶员培训', '动力电池与电机', '机载图像识别算法'],
  [Industry.AGRI_TECH]: ['大桃栽培与育种', '设施农业', '智慧农业物联网', '土壤肥料', '果树病虫害防治', '农产品电商', '种业研发', '节水灌溉'],
  [Industry.SMART_LOGISTICS]: ['冷链物流', '仓储管理', '供应链管理', '物流信息系统', '跨境电商', '智能分拣设备', '运输调度优化'],
  [Industry.LEISURE_TOURISM]: ['乡村民宿运营', '旅游规划', '文旅活动策划', '景区管理', '休闲农业', '酒店管理'],
  [Industry.EDUCATION]: ['中小学数学教学', '中小学语文教学', '职业教育', '学前教育', '教育信息化', '心理健康教育', '英语教学'],
  [Industry.HEALTH]: ['全科医学', '中医药', '临床护理', '康复医学', '公共卫生', '医学影像', '老年健康服务'],
  [Industry.CULTURE]: ['非遗保护与传承', '文化创意设计', '新闻传播', '文物保护', '数字媒体制作', '群众文化活动'],
  [Industry.OTHER]: ['财务管理', '人力资源管理', '法律事务', '软件开发', '数据分析', '行政管理', '市场营销', '安全生产管理'],
};

const ALL_SPECIALTIES = Object.values(SPECIALTIES).flat();

/** Talents per statement: keeps each transaction (and its GIN index work) bounded. */
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
    const result = await client.query(FILL, [JSON.stringify(SPECIALTIES), JSON.stringify(ALL_SPECIALTIES), from, from + PROFILE_BATCH - 1]);
    added += result.rowCount ?? 0;
    if (hi - lo > PROFILE_BATCH) log(`talent profiles: up to id ${Math.min(hi, from + PROFILE_BATCH - 1)}`);
  }
  return added;
}
