/**
 * Dates between the API and the mirror: 'YYYY-MM-DD' in the API, unix
 * milliseconds at UTC midnight in SQLite; timestamps as ISO 8601 in the API,
 * unix milliseconds in SQLite. UTC throughout, so no device time zone shifts a day.
 */

/**
 * Unix milliseconds of a valid 'YYYY-MM-DD' date's UTC midnight.
 *
 * @example
 * isoDateToUnixMs("2026-01-01"); // 1767225600000
 */
export function isoDateToUnixMs(date: string): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

/**
 * The 'YYYY-MM-DD' date of unix milliseconds, in UTC.
 *
 * @example
 * unixMsToIsoDate(1767225600000); // "2026-01-01"
 */
export function unixMsToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Unix milliseconds of an ISO 8601 timestamp with an offset, as both transports
 * deliver a timestamptz; sub-millisecond digits are dropped.
 *
 * @example
 * timestampToUnixMs("2026-05-01T12:00:00.123456+02:00"); // 1777629600123
 */
export function timestampToUnixMs(timestamp: string): number {
  return Date.parse(timestamp);
}

/**
 * The ISO 8601 UTC timestamp of unix milliseconds.
 *
 * @example
 * unixMsToTimestamp(1777629600123); // "2026-05-01T10:00:00.123Z"
 */
export function unixMsToTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
