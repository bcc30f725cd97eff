import { idNumberCheckChar } from '../../src/shared/validation/gb11643';
import { creditCodeCheckChar } from '../../src/shared/validation/gb32100';

/** A valid 居民身份证号码 of Pinggu (110117), born on `birth` (YYYYMMDD), sequence `n` (odd = male). */
export function idNumber(n: number, birth = '19900101'): string {
  const first17 = `110117${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** A valid 统一社会信用代码 (enterprise, Beijing Pinggu) with serial `n`. */
export function creditCode(n: number): string {
  const first17 = `9111011${String(n).padStart(10, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}
