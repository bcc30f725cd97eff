import type { Rng } from '../random';
import { BRAND_CHARS } from '../reference/names';

/**
 * The first name `make` produces that is not in `used` (and is claimed there), trying
 * `attempts` times; then `fallback(n)` for n = 2, 3, … until one is free.
 */
export function claimUnique(used: Set<string>, make: () => string, fallback: (n: number) => string, attempts = 24): string {
  for (let i = 0; i < attempts; i++) {
    const name = make();
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  for (let n = 2; ; n++) {
    const name = fallback(n);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 35 → 三十五, 108 → 一百零八 (for 第N中学 and the like; n < 10,000). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10_000) throw new RangeError(`${n}`);
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += DIGITS[d] + unit;
  });
  return out;
}

/** A two-character 字号 (trade name) of distinct characters, e.g. 汇峰、京瑞. */
export function brandName(rng: Rng): string {
  const a = rng.pick(BRAND_CHARS);
  let b = rng.pick(BRAND_CHARS);
  while (b === a) b = rng.pick(BRAND_CHARS);
  return a + b;
}
