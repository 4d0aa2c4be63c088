/**
 * Numbers, dates and times as the report prints them, the Norwegian way: `nb-NO`
 * numbers (a space between thousands, a decimal comma), dates as day.month.year,
 * and times on the clock in Norway (Europe/Oslo, summer time included), so the
 * same snapshot prints the same on any machine.
 */

/** Made on first use: building a formatter loads locale data, which an importer that never formats should not pay for. */
function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

const counts = lazily(() => new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 0 }));
const hours = lazily(() => new Intl.NumberFormat("nb-NO", { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const dates = lazily(() => new Intl.DateTimeFormat("nb-NO", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }));
const times = lazily(() => new Intl.DateTimeFormat("nb-NO", {
  day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Oslo",
}));

/**
 * A count with a (no-break) space between thousands.
 *
 * @example
 * formatCount(2149) // "2 149"
 */
export function formatCount(count: number): string {
  return counts().format(count);
}

/**
 * Whole minutes as hours with one decimal, after a decimal comma.
 *
 * @example
 * formatHours(61332) // "1 022,2"
 */
export function formatHours(minutes: number): string {
  return hours().format(minutes / 60);
}

/**
 * An ISO date (`YYYY-MM-DD`) as a Norwegian date.
 *
 * @example
 * formatDate("2026-06-30") // "30.06.2026"
 */
export function formatDate(isoDate: string): string {
  return dates().format(new Date(`${isoDate}T00:00:00Z`));
}

/**
 * A moment as date and time on the clock in Norway.
 *
 * @example
 * formatTimestamp("2026-07-01T08:30:00Z") // "01.07.2026 10:30 Norwegian time"
 * formatTimestamp("2026-01-15T08:30:00Z") // "15.01.2026 09:30 Norwegian time"
 */
export function formatTimestamp(moment: string | Date): string {
  const parts = Object.fromEntries(times().formatToParts(new Date(moment)).map((part) => [part.type, part.value]));
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute} Norwegian time`;
}
