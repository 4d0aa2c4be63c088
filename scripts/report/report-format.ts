/**
 * Numbers and dates as the report prints them: British English grouping and
 * dates, times in UTC, so the same snapshot prints the same on any machine.
 */

const counts = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const hours = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dates = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const times = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC",
});

/**
 * A count with thousands separators.
 *
 * @example
 * formatCount(117365) // "117,365"
 */
export function formatCount(count: number): string {
  return counts.format(count);
}

/**
 * Whole minutes as hours with one decimal.
 *
 * @example
 * formatHours(1060) // "17.7"
 */
export function formatHours(minutes: number): string {
  return hours.format(minutes / 60);
}

/**
 * An ISO date (`YYYY-MM-DD`) as a short date.
 *
 * @example
 * formatDate("2026-06-30") // "30 Jun 2026"
 */
export function formatDate(isoDate: string): string {
  return dates.format(new Date(`${isoDate}T00:00:00Z`));
}

/**
 * A moment as date and time in UTC.
 *
 * @example
 * formatTimestamp("2026-11-21T06:47:12.5+00:00") // "21 Nov 2026, 06:47 UTC"
 */
export function formatTimestamp(moment: string | Date): string {
  return `${times.format(new Date(moment))} UTC`;
}
