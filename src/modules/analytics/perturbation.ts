/**
 * Disclosure control by perturbation: the cell key method of the ABS (TableBuilder) and the ONS
 * (Cantabular, 2021 census), for every count published to a caller who may not read records.
 *
 * Every counted record has a random key in [0, 2^31) (migration …_record_keys). A cell's key is
 * the sum of its records' keys modulo 2^31, so it depends only on WHICH records the cell holds:
 * however a set of records is asked for (a cross-tab cell, a one-dimension bucket under a filter,
 * a layout region, a trend year), it gets the same key, and so the same noise. Asking again, or
 * in another form, gives nothing new. Keys of disjoint sets add, so a margin's key is the sum of
 * its cells' keys.
 *
 * The noise comes from a table looked up by (true count, cell key). The table is generated from
 * three parameters, k (threshold), D (largest change) and V (variance), by this method:
 * 1. σ is chosen so that a Gaussian discretised to the integers −D..D has variance V.
 * 2. For a true count c ≥ 1 the published value j may be any integer with |j − c| ≤ D that is
 *    0 or at least k: never 1..k−1. A count of 0 stays 0 (an empty cell has no key).
 * 3. Over that support the probabilities are the discretised Gaussian exp(−(j − c − μ)²/2σ²),
 *    its centre μ shifted until the mean is c (unbiased). When c lies at or below the smallest
 *    allowed value (the small range: c = 3 or 4 with k = 5, D = 2), the whole mass goes to that
 *    value; likewise at the top.
 * 4. Probabilities are rounded to multiples of 2^-20, and the key's top 20 bits choose the value
 *    (a table of integers: every replica publishes the same value).
 * For c ≥ k + D the support is symmetric, μ = 0, and the noise has mean 0 and variance V exactly
 * (to the rounding); below that the table is what it must be to avoid 1..k−1.
 */

/**
 * The generation method's version: part of the aggregate cache's key, so that a changed method
 * with the same parameters never serves old and new noise for one record set side by side.
 */
export const PERTURBATION_METHOD = 'cell-key-gauss-2^-20:1';

/** Record keys, and so cell keys, lie in [0, KEY_MODULUS). */
export const KEY_MODULUS = 2 ** 31;
const RESOLUTION_BITS = 20;
const RESOLUTION = 2 ** RESOLUTION_BITS;

export interface PerturbationParameters {
  /** k: no published count lies in 1..k−1. */
  threshold: number;
  /** D: no published count differs from the truth by more. */
  maxNoise: number;
  /** V: the noise's variance for counts clear of the small range. */
  variance: number;
}

export interface Outcome {
  value: number;
  probability: number;
}

/** What makes a table: reasons the parameters cannot, or none. */
export function perturbationProblems({ threshold, maxNoise, variance }: PerturbationParameters): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(threshold) || threshold < 2) problems.push('the threshold k must be an integer of at least 2');
  if (!Number.isInteger(maxNoise) || maxNoise < 1) problems.push('the largest change D must be an integer of at least 1');
  else if (!(variance > 0 && variance < (maxNoise * (maxNoise + 1)) / 3)) {
    problems.push(`the variance must lie between 0 and D(D+1)/3 = ${((maxNoise * (maxNoise + 1)) / 3).toFixed(3)} (a spread over −D..D)`);
  }
  return problems;
}

const gaussian = (x: number, sigma: number) => Math.exp(-(x * x) / (2 * sigma * sigma));

/** Increasing in `x`: the smallest x in [lo, hi] with f(x) ≥ target, to double precision. */
function bisect(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function moments(outcomes: readonly Outcome[], centre: number): { mean: number; variance: number } {
  const mean = outcomes.reduce((s, o) => s + o.probability * o.value, 0);
  const variance = outcomes.reduce((s, o) => s + o.probability * (o.value - centre) ** 2, 0);
  return { mean, variance };
}

function normalised(values: readonly number[], weight: (value: number) => number): Outcome[] {
  const weights = values.map(weight);
  const sum = weights.reduce((s, w) => s + w, 0);
  return values.map((value, i) => ({ value, probability: weights[i] / sum }));
}

/** One row of the table: offsets from the true count, and cumulative thresholds in units of 2^-20. */
interface Row {
  offsets: number[];
  cumulative: number[];
}

export class PerturbationTable {
  /** Rows for true counts 0 … k + D; every larger count uses the last row (the same offsets). */
  private readonly rows: Row[] = [];
  readonly sigma: number;

  constructor(readonly parameters: PerturbationParameters) {
    const problems = perturbationProblems(parameters);
    if (problems.length) throw new Error(`perturbation: ${problems.join('; ')}`);
    const { threshold: k, maxNoise: D, variance: V } = parameters;
    const offsets = Array.from({ length: 2 * D + 1 }, (_, i) => i - D);
    this.sigma = bisect((s) => moments(normalised(offsets, (d) => gaussian(d, s)), 0).variance, V, 1e-3, 1e3);
    for (let c = 0; c <= k + D; c++) this.rows.push(this.rowOf(this.exactDistribution(c), c));
  }

  /** The distribution of the published value for a true count, before rounding to 2^-20. */
  exactDistribution(count: number): Outcome[] {
    const { threshold: k, maxNoise: D } = this.parameters;
    if (count === 0) return [{ value: 0, probability: 1 }];
    const support: number[] = [];
    for (let j = Math.max(0, count - D); j <= count + D; j++) if (j === 0 || j >= k) support.push(j);
    const [lowest, highest] = [support[0], support[support.length - 1]];
    if (count <= lowest) return [{ value: lowest, probability: 1 }];
    if (count >= highest) return [{ value: highest, probability: 1 }];
    const at = (mu: number) => normalised(support, (j) => gaussian(j - count - mu, this.sigma));
    const mu = bisect((m) => moments(at(m), count).mean, count, -20 * D, 20 * D);
    return at(mu);
  }

  /** The distribution as the table holds it (rounded): what `publish` draws from. */
  distribution(count: number): Outcome[] {
    const row = this.rowFor(count);
    return row.offsets.map((offset, i) => ({ value: count + offset, probability: (row.cumulative[i] - (i ? row.cumulative[i - 1] : 0)) / RESOLUTION }));
  }

  /** The published value of a cell: its true count, moved by the table's entry for its key. */
  publish(count: number, cellKey: number): number {
    const row = this.rowFor(count);
    const u = Math.floor(cellKey / 2 ** (31 - RESOLUTION_BITS));
    let i = 0;
    while (u >= row.cumulative[i]) i++;
    return count + row.offsets[i];
  }

  private rowFor(count: number): Row {
    return this.rows[Math.min(count, this.rows.length - 1)];
  }

  private rowOf(outcomes: readonly Outcome[], count: number): Row {
    const kept = outcomes.filter((o) => o.probability > 0);
    let running = 0;
    const cumulative = kept.map((o) => Math.round((running += o.probability) * RESOLUTION));
    cumulative[cumulative.length - 1] = RESOLUTION;
    // Outcomes that rounded to nothing are dropped: publish never lands on them.
    const offsets: number[] = [];
    const thresholds: number[] = [];
    kept.forEach((o, i) => {
      if (cumulative[i] > (thresholds.at(-1) ?? 0)) {
        offsets.push(o.value - count);
        thresholds.push(cumulative[i]);
      }
    });
    return { offsets, cumulative: thresholds };
  }
}

/** The key of a set of records that is the union of disjoint sets with these keys. */
export function addKeys(a: number, b: number): number {
  return (a + b) % KEY_MODULUS;
}
