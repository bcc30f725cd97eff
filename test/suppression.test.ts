import { entryId, protect, type TableEntry } from '../src/modules/analytics/suppression';
import { seededRandom } from './helpers/geo';

/**
 * The disclosure-control algorithm on random tables, checked by other means than its own:
 * for every sensitive entry, a floating-point rank test (with partial pivoting, not the
 * modular elimination the algorithm uses) decides whether the published numbers determine it.
 */
const K = 5;

/** A random table with all its margins, as GROUP BY CUBE would return it; skewed, with zeros. */
function randomTable(random: () => number, sizes: number[]): TableEntry[] {
  const entries = new Map<string, TableEntry>();
  const add = (key: (string | null)[], count: number) => {
    const id = entryId(key);
    const entry = entries.get(id) ?? { key, count: 0 };
    entries.set(id, { key, count: entry.count + count });
  };
  const walk = (axis: number, key: string[]): void => {
    if (axis === sizes.length) {
      const u = random();
      const count = u < 0.25 ? 0 : u < 0.5 ? 1 + Math.floor(random() * 4) : Math.floor(random() * 40);
      if (count === 0) return;
      for (let keep = 0; keep < 1 << sizes.length; keep++) add(key.map((v, i) => (keep & (1 << i) ? v : null)), count);
      return;
    }
    for (let v = 0; v < sizes[axis]; v++) walk(axis + 1, [...key, `v${axis}${v}`]);
  };
  walk(0, []);
  return [...entries.values()];
}

/** Rank of rows (dense, floating point, partial pivoting). */
function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let r = 0;
  for (let c = 0; c < (m[0]?.length ?? 0) && r < m.length; c++) {
    let pivot = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i][c]) > Math.abs(m[pivot][c])) pivot = i;
    if (Math.abs(m[pivot][c]) < 1e-9) continue;
    [m[r], m[pivot]] = [m[pivot], m[r]];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i][c] / m[r][c];
      if (f) for (let j = c; j < m[i].length; j++) m[i][j] -= f * m[r][j];
    }
    r++;
  }
  return r;
}

/** The sensitive entries that the visible numbers pin down (zeros known, unless listed hidden). */
function determinedSensitive(entries: TableEntry[], hidden: Set<string>, zeros: (string | null)[][]): string[] {
  const d = entries[0].key.length;
  const all = new Map(entries.map((e) => [entryId(e.key), e]));
  for (const key of zeros) all.set(entryId(key), { key, count: 0 });
  const unknown = [...all.keys()].filter((id) => hidden.has(id));
  const column = new Map(unknown.map((id, i) => [id, i]));
  const rows: number[][] = [];
  for (const entry of all.values()) {
    for (let axis = 0; axis < d; axis++) {
      if (entry.key[axis] === null) continue;
      // Each entry belongs to the line along `axis` whose margin drops that coordinate.
      const margin = entryId(entry.key.map((v, i) => (i === axis ? null : v)));
      const row = new Array(unknown.length).fill(0);
      let any = false;
      for (const member of all.values()) {
        const sameLine = member.key.every((v, i) => (i === axis ? v !== null : v === entry.key[i]));
        if (sameLine && column.has(entryId(member.key))) {
          row[column.get(entryId(member.key))!] += 1;
          any = true;
        }
      }
      if (column.has(margin)) {
        row[column.get(margin)!] -= 1;
        any = true;
      }
      if (any) rows.push(row);
    }
  }
  const base = rank(rows);
  return unknown.filter((id) => {
    const count = all.get(id)!.count;
    if (count < 1 || count >= K) return false;
    const unit = new Array(unknown.length).fill(0);
    unit[column.get(id)!] = 1;
    return rank([...rows, unit]) === base;
  });
}

describe('suppression on random tables', () => {
  const cases: [string, number[], number][] = [
    ['1-D', [7], 25],
    ['2-D', [5, 4], 25],
    ['2-D, wide', [8, 3], 25],
    ['3-D', [3, 3, 4], 25],
    ['3-D, larger', [6, 5, 3], 6],
  ];

  it.each(cases)('%s: nothing below k is visible, and no sensitive entry is determined', (_name, sizes, rounds) => {
    const random = seededRandom(sizes.reduce((a, b) => a * 31 + b, 7));
    for (let round = 0; round < rounds; round++) {
      const entries = randomTable(random, sizes);
      if (!entries.length) continue;
      const { suppressed, audited, zeros } = protect(entries, K);
      expect(audited).toBe(true);
      for (const e of entries) if (e.count > 0 && e.count < K) expect(suppressed.has(entryId(e.key))).toBe(true);
      for (const key of zeros) expect(suppressed.has(entryId(key))).toBe(true);
      expect({ round, exposed: determinedSensitive(entries, suppressed, zeros) }).toEqual({ round, exposed: [] });
    }
  });

  it('gives the same pattern whatever the order of the entries', () => {
    const random = seededRandom(42);
    const entries = randomTable(random, [4, 4, 3]);
    const forward = protect(entries, K).suppressed;
    const backward = protect([...entries].reverse(), K).suppressed;
    expect([...backward].sort()).toEqual([...forward].sort());
  });

  it('a table of one small cell hides it and its total', () => {
    const { suppressed } = protect([{ key: ['a'], count: 2 }, { key: [null], count: 2 }], K);
    expect(suppressed).toEqual(new Set([entryId(['a']), entryId([null])]));
  });
});
