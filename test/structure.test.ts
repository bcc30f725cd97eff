import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The layout's two rules (CONVENTIONS.md, issue 13), checked on every import in src/, type-only
 * ones included: nothing under src/shared imports a feature, and no features import each other
 * in a circle. A field one feature gives another's type lives with the giver (talent.links.ts
 * gives Organization its talents), so the arrows all point one way.
 */
const SRC = resolve(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `shared`, a feature's folder name, or null (src/app.ts and the other roots). */
function areaOf(path: string): string | null {
  const [top, feature] = relative(SRC, path).split(sep);
  if (top === 'shared') return 'shared';
  return top === 'modules' ? feature : null;
}

/** area → area it imports → the files that do. */
const edges = new Map<string, Map<string, string[]>>();
for (const file of sourceFiles(SRC)) {
  const from = areaOf(file);
  if (!from) continue;
  for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, false).importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const to = areaOf(resolve(dirname(file), fileName));
    if (!to || to === from) continue;
    const targets = edges.get(from) ?? new Map<string, string[]>();
    targets.set(to, [...(targets.get(to) ?? []), relative(SRC, file)]);
    edges.set(from, targets);
  }
}

/** Every cycle through the feature graph, each as its areas in order (depth-first; the graph is small). */
function cycles(): string[][] {
  const found = new Map<string, string[]>();
  const walk = (path: string[]) => {
    for (const next of edges.get(path.at(-1)!)?.keys() ?? []) {
      if (next === path[0]) {
        const rotation = [...path].sort()[0];
        const start = path.indexOf(rotation);
        const cycle = [...path.slice(start), ...path.slice(0, start)];
        found.set(cycle.join('→'), cycle);
      } else if (!path.includes(next)) walk([...path, next]);
    }
  };
  for (const area of edges.keys()) walk([area]);
  return [...found.values()];
}

describe('structure', () => {
  it('reads imports at all (a checker that sees none would pass anything)', () => {
    expect(edges.get('talent')?.has('organization')).toBe(true);
    expect(edges.get('award')?.has('talent')).toBe(true);
  });

  it('nothing under src/shared imports a feature', () => {
    const reached = [...(edges.get('shared') ?? new Map<string, string[]>()).entries()].filter(([to]) => to !== 'shared');
    expect(reached.map(([to, files]) => `shared → ${to} (${files.join(', ')})`)).toEqual([]);
  });

  it('no features import each other in a circle', () => {
    const described = cycles().map((cycle) =>
      cycle.map((area, i) => `${area} → ${cycle[(i + 1) % cycle.length]} (${edges.get(area)!.get(cycle[(i + 1) % cycle.length])![0]})`).join(', '),
    );
    expect(described).toEqual([]);
  });
});
