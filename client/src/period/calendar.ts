/**
 * Calendar dates as 'YYYY-MM-DD' strings. All arithmetic is on UTC day numbers,
 * so neither the process's nor the database's time zone can shift a date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Days in a month (1–12) of a year, leap years included.
 *
 * @example
 * daysInMonth(2028, 2) // 29
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * True for a 'YYYY-MM-DD' string naming a day that exists (no 2026-02-30).
 *
 * @example
 * isIsoDate("2028-02-29") // true
 * isIsoDate("2026-02-29") // false
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The year of a valid 'YYYY-MM-DD' string.
 *
 * @example
 * yearOf("2026-05-17") // 2026
 */
export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

/**
 * Days since 1970-01-01 of a valid 'YYYY-MM-DD' string.
 *
 * @example
 * dayNumber("1970-01-02") // 1
 */
export function dayNumber(isoDate: string): number {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/**
 * The 'YYYY-MM-DD' string of a day number (inverse of dayNumber).
 *
 * @example
 * fromDayNumber(1) // "1970-01-02"
 */
export function fromDayNumber(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * 'YYYY-MM-DD' from numeric parts (month 1–12), zero-padded.
 *
 * @example
 * isoDateOf(2026, 5, 1) // "2026-05-01"
 */
export function isoDateOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
