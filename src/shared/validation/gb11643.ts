/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit
 * sequence (odd for men, even for women) and a check character computed with ISO 7064 MOD 11-2.
 * Pure functions: the seed generator and the API's input validation share them.
 */

/** Weight of position i (0-based) is 2^(17-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

const SHAPE = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits of an ID number; throws on anything but 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Whether year-month-day names a real day of the Gregorian calendar. */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface IdNumberParts {
  /** 6-digit administrative division code of the registration. */
  areaCode: string;
  birthYear: number;
  birthMonth: number;
  birthDay: number;
  /** 3-digit sequence; odd for men, even for women. */
  sequence: number;
  gender: 'MALE' | 'FEMALE';
}

/**
 * The parts of a well-formed ID number (shape, real birth date, checksum), or null. An upper-case
 * X is the only letter accepted; callers normalise a lower-case x first if they wish to.
 * `today` bounds the birth date (no one is born in the future); it defaults to now.
 */
export function parseIdNumber(s: string, today: Date = new Date()): IdNumberParts | null {
  if (typeof s !== 'string' || !SHAPE.test(s)) return null;
  if (idNumberCheckChar(s.slice(0, 17)) !== s[17]) return null;
  const birthYear = Number(s.slice(6, 10));
  const birthMonth = Number(s.slice(10, 12));
  const birthDay = Number(s.slice(12, 14));
  if (birthYear < 1900 || !isValidCalendarDate(birthYear, birthMonth, birthDay)) return null;
  if (Date.UTC(birthYear, birthMonth - 1, birthDay) > today.getTime()) return null;
  const sequence = Number(s.slice(14, 17));
  return {
    areaCode: s.slice(0, 6),
    birthYear,
    birthMonth,
    birthDay,
    sequence,
    gender: sequence % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/** True for an 18-character ID number with a real birth date (1900 to today) and a correct check character. */
export function isValidIdNumber(s: string, today?: Date): boolean {
  return parseIdNumber(s, today) !== null;
}
