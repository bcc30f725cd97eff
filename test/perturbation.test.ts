import { loadConfig } from '../src/config';
import { KEY_MODULUS, PerturbationTable, perturbationProblems } from '../src/modules/analytics/perturbation';

/** The perturbation table's promises (src/modules/analytics/perturbation.ts), for the default and other parameters. */
const PARAMETERS = [
  loadConfig({}).disclosure,
  { threshold: 5, maxNoise: 3, variance: 2 },
  { threshold: 3, maxNoise: 2, variance: 1 },
  { threshold: 10, maxNoise: 4, variance: 3.5 },
];

const moments = (outcomes: { value: number; probability: number }[], centre: number) => ({
  total: outcomes.reduce((s, o) => s + o.probability, 0),
  mean: outcomes.reduce((s, o) => s + o.probability * o.value, 0),
  variance: outcomes.reduce((s, o) => s + o.probability * (o.value - centre) ** 2, 0),
});

describe.each(PARAMETERS)('the table for k = $threshold, D = $maxNoise, V = $variance', (parameters) => {
  const table = new PerturbationTable(parameters);
  const { threshold: k, maxNoise: D, variance: V } = parameters;
  const counts = Array.from({ length: 300 }, (_, c) => c);

  it('never publishes 1..k−1, and never moves a count by more than D', () => {
    for (const c of counts) {
      for (const { value, probability } of table.distribution(c)) {
        expect(probability).toBeGreaterThan(0);
        expect(value === 0 || value >= k).toBe(true);
        expect(Math.abs(value - c)).toBeLessThanOrEqual(D);
      }
    }
    expect(table.distribution(0)).toEqual([{ value: 0, probability: 1 }]);
  });

  it('is unbiased, with the stated variance, for every count clear of the small range (k + D and above)', () => {
    for (const c of counts.filter((n) => n >= k + D)) {
      const { total, mean, variance } = moments(table.distribution(c), c);
      expect(total).toBeCloseTo(1, 12);
      // Probabilities are multiples of 2^-20: the moments hold to that rounding.
      expect(Math.abs(mean - c)).toBeLessThan(1e-5);
      expect(Math.abs(variance - V)).toBeLessThan(1e-4);
    }
  });

  it('keeps the mean where the support allows it (above the small range, below k + D)', () => {
    for (let c = k + 1; c < k + D; c++) expect(Math.abs(moments(table.distribution(c), c).mean - c)).toBeLessThan(1e-5);
  });

  it('draws each value as often as the table says, over uniform cell keys', () => {
    for (const c of [1, k - 1, k, k + 1, k + D, 250]) {
      const draws = new Map<number, number>();
      const n = 200_000;
      for (let i = 0; i < n; i++) {
        const value = table.publish(c, Math.floor((i / n) * KEY_MODULUS));
        draws.set(value, (draws.get(value) ?? 0) + 1);
      }
      for (const { value, probability } of table.distribution(c)) expect(Math.abs((draws.get(value) ?? 0) / n - probability)).toBeLessThan(1e-3);
      expect([...draws.keys()].every((value) => table.distribution(c).some((o) => o.value === value))).toBe(true);
    }
  });

});

describe('the default table, pinned', () => {
  it('publishes these values for these (count, key): every replica and every release the same, or the cache method must change', () => {
    const table = new PerturbationTable(loadConfig({}).disclosure);
    const pinned: [number, number, number][] = [
      [1, 0, 0],
      [3, 123, 5],
      [6, 1_000_000_000, 6],
      [7, 300_000_000, 6],
      [42, 0, 40],
      [42, 1_073_741_824, 42],
      [42, KEY_MODULUS - 1, 44],
      [1000, 555_555_555, 999],
    ];
    expect(pinned.map(([count, key]) => [count, key, table.publish(count, key)])).toEqual(pinned);
  });
});

describe('parameters', () => {
  it.each([
    [{ threshold: 1, maxNoise: 2, variance: 1 }, /threshold/],
    [{ threshold: 5, maxNoise: 0, variance: 1 }, /largest change/],
    [{ threshold: 5, maxNoise: 2, variance: 2 }, /variance/],
    [{ threshold: 5, maxNoise: 2, variance: 0 }, /variance/],
  ])('%o is refused', (parameters, message) => {
    expect(perturbationProblems(parameters).join(' ')).toMatch(message);
    expect(() => new PerturbationTable(parameters)).toThrow(message);
  });

  it('a configuration that cannot make a table is reported at start', () => {
    expect(() => loadConfig({ PERTURBATION_MAX_NOISE: '2', PERTURBATION_VARIANCE: '2.5' })).toThrow(/variance/);
  });
});
