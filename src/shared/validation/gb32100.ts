/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set (digits and upper-case
 * letters without I, O, Z, S, V):
 *   1     登记管理部门代码 (1 机构编制, 5 民政, 9 工商/市场监管, N 农业农村, …)
 *   2     机构类别代码 (e.g. 91 企业, 93 农民专业合作社, 11 机关, 12 事业单位, 52 民办非企业单位)
 *   3–8   登记管理机关行政区划码 (GB/T 2260)
 *   9–17  主体标识码 (组织机构代码, GB 11714, with its own check character at 17)
 *   18    check character over the first 17, modulus 31.
 */

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character for the first 17 characters of a credit code; throws on characters outside the set. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`character ${JSON.stringify(first17[i])} is not allowed in a credit code`);
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** True for an 18-character code of the right character set whose last character is the GB 32100 check character. */
export function isValidCreditCode(s: string): boolean {
  if (typeof s !== 'string' || !SHAPE.test(s)) return false;
  return creditCodeCheckChar(s.slice(0, 17)) === s[17];
}

/**
 * The check character of a GB 11714 organization code (组织机构代码) body of 8 characters
 * (digits or letters, A = 10 … Z = 35): '0'–'9' or 'X'. A credit code's characters 9–17 are
 * such a code; the seed generator builds them with it.
 */
export function organizationCodeCheckChar(first8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('expected 8 digits or upper-case letters');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * weights[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}
