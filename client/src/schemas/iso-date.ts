/** Date and timestamp strings as both transports deliver them. */
import * as z from "zod/mini";
import { isIsoDate } from "../period/calendar.ts";

/**
 * A calendar date as 'YYYY-MM-DD' that exists (no 2026-02-30). Dates stay strings
 * end to end, so no time zone can shift them.
 *
 * @example
 * isoDate.safeParse("2028-02-29").success // true
 * isoDate.safeParse("2026-02-29").success // false
 */
export const isoDate = z.string().check(z.refine(isIsoDate, { message: "expected a real date as YYYY-MM-DD" }));

/**
 * A timestamp with an offset, as PostgREST writes a timestamptz
 * ('2026-05-01T12:00:00+00:00', optionally with fractional seconds).
 *
 * @example
 * isoTimestamp.safeParse("2026-05-01T12:00:00.123456+02:00").success // true
 * isoTimestamp.safeParse("2026-05-01 12:00:00+02").success           // false
 */
export const isoTimestamp = z.iso.datetime({ offset: true });
