const BEIJING_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** The calendar year in Beijing, which ages are counted against. */
export function currentYear(now: Date = new Date()): number {
  return Number(BEIJING_YEAR.format(now));
}

/**
 * The year ages are reckoned against, for a request. currentYear() formats a date (about 0.5 ms);
 * Beijing keeps UTC+8 all year, so its year can only change on a UTC hour.
 */
let reckoned = { hour: Number.NaN, year: 0 };
export function referenceYear(now = Date.now()): number {
  const hour = Math.floor(now / 3_600_000);
  if (hour !== reckoned.hour) reckoned = { hour, year: currentYear(new Date(now)) };
  return reckoned.year;
}
