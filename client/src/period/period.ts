/**
 * Reporting periods: a year, a half, a quarter, a month or an explicit range of
 * days, always as inclusive 'YYYY-MM-DD' bounds.
 */
import { err, ok, type Result } from "neverthrow";
import { type ValidationFailure, validationFailure } from "../failures/domain-failure.ts";
import { dayNumber, daysInMonth, isIsoDate, isoDateOf, yearOf } from "./calendar.ts";

/**
 * An inclusive range of days with its canonical label ('2026', '2026-H1',
 * '2026-Q2', '2026-05', or 'start..end' for any other range).
 *
 * @example
 * const period: Period = { start: "2026-01-01", end: "2026-03-31", label: "2026-Q1" };
 */
export interface Period {
  readonly start: string;
  readonly end: string;
  readonly label: string;
}

/**
 * What parsePeriod accepts: a period string or explicit bounds.
 *
 * @example
 * const inputs: PeriodInput[] = ["2026", "2026-H2", "2026-Q1", "2026-05", "2026-01-15..2026-02-14", { start: "2026-01-01", end: "2026-01-31" }];
 */
export type PeriodInput = string | { readonly start: string; readonly end: string };

/**
 * The earliest year a period may touch.
 *
 * @example
 * parsePeriod(String(MIN_PERIOD_YEAR - 1)).isErr() // true
 */
export const MIN_PERIOD_YEAR = 2000;
/**
 * The latest year a period may touch.
 *
 * @example
 * parsePeriod(`${MAX_PERIOD_YEAR}-Q4`).isOk() // true
 */
export const MAX_PERIOD_YEAR = 9999;
/**
 * The longest period, in days: a leap year.
 *
 * @example
 * parsePeriod("2028-01-01..2028-12-31").isOk() // 366 days: true
 */
export const MAX_PERIOD_DAYS = 366;

const FORMATS = "expected YYYY, YYYY-H1, YYYY-H2, YYYY-Q1..YYYY-Q4, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD";

/** The label a range is known by: the named period it covers exactly, else 'start..end'. */
function labelFor(start: string, end: string): string {
  const year = yearOf(start);
  if (yearOf(end) === year) {
    const [startMonth, startDay] = [Number(start.slice(5, 7)), Number(start.slice(8, 10))];
    const [endMonth, endDay] = [Number(end.slice(5, 7)), Number(end.slice(8, 10))];
    const wholeMonths = startDay === 1 && endDay === daysInMonth(year, endMonth);
    if (wholeMonths) {
      const months = endMonth - startMonth + 1;
      if (months === 12) return String(year);
      if (months === 6 && (startMonth === 1 || startMonth === 7)) return `${year}-H${startMonth === 1 ? 1 : 2}`;
      if (months === 3 && startMonth % 3 === 1) return `${year}-Q${(startMonth + 2) / 3}`;
      if (months === 1) return start.slice(0, 7);
    }
  }
  return `${start}..${end}`;
}

/** The months [first, last] of year as a period, after the year-range check. */
function monthsOf(year: number, first: number, last: number): Result<Period, ValidationFailure> {
  return range(isoDateOf(year, first, 1), isoDateOf(year, last, daysInMonth(year, last)), []);
}

function checkYear(date: string, path: readonly (string | number)[]): ValidationFailure | undefined {
  const year = yearOf(date);
  if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) {
    return validationFailure(path, `year ${year} is outside ${MIN_PERIOD_YEAR}..${MAX_PERIOD_YEAR}`);
  }
  return undefined;
}

function range(start: string, end: string, path: readonly (string | number)[], startPath = path, endPath = path): Result<Period, ValidationFailure> {
  if (!isIsoDate(start)) return err(validationFailure(startPath, `start is not a real date (YYYY-MM-DD): ${start}`));
  if (!isIsoDate(end)) return err(validationFailure(endPath, `end is not a real date (YYYY-MM-DD): ${end}`));
  const yearProblem = checkYear(start, startPath) ?? checkYear(end, endPath);
  if (yearProblem !== undefined) return err(yearProblem);
  const days = dayNumber(end) - dayNumber(start) + 1;
  if (days < 1) return err(validationFailure(path, `end ${end} is before start ${start}`));
  if (days > MAX_PERIOD_DAYS) return err(validationFailure(path, `the period spans ${days} days; at most ${MAX_PERIOD_DAYS} are allowed`));
  return ok({ start, end, label: labelFor(start, end) });
}

function parseString(input: string): Result<Period, ValidationFailure> {
  // Longer than any accepted form: refuse before matching.
  if (input.length > 22) return err(validationFailure([], FORMATS));
  let match = /^(\d{4})$/.exec(input);
  if (match !== null) return withYear(match[1]!, (year) => monthsOf(year, 1, 12));
  match = /^(\d{4})-[Hh]([12])$/.exec(input);
  if (match !== null) {
    const half = Number(match[2]);
    return withYear(match[1]!, (year) => monthsOf(year, half * 6 - 5, half * 6));
  }
  match = /^(\d{4})-[Qq]([1-4])$/.exec(input);
  if (match !== null) {
    const quarter = Number(match[2]);
    return withYear(match[1]!, (year) => monthsOf(year, quarter * 3 - 2, quarter * 3));
  }
  match = /^(\d{4})-(\d{2})$/.exec(input);
  if (match !== null) {
    const month = Number(match[2]);
    if (month < 1 || month > 12) return err(validationFailure([], `month ${match[2]} does not exist`));
    return withYear(match[1]!, (year) => monthsOf(year, month, month));
  }
  match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(input);
  if (match !== null) return range(match[1]!, match[2]!, []);
  return err(validationFailure([], FORMATS));
}

function withYear(digits: string, then: (year: number) => Result<Period, ValidationFailure>): Result<Period, ValidationFailure> {
  const year = Number(digits);
  if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) {
    return err(validationFailure([], `year ${year} is outside ${MIN_PERIOD_YEAR}..${MAX_PERIOD_YEAR}`));
  }
  return then(year);
}

function parseBounds(input: object): Result<Period, ValidationFailure> {
  if (Array.isArray(input)) return err(validationFailure([], `${FORMATS}, or { start, end }`));
  const keys = Object.keys(input);
  const extra = keys.find((key) => key !== "start" && key !== "end");
  if (extra !== undefined) return err(validationFailure([extra], "unknown key; only start and end are allowed"));
  const { start, end } = input as { start?: unknown; end?: unknown };
  if (typeof start !== "string") return err(validationFailure(["start"], "expected a YYYY-MM-DD string"));
  if (typeof end !== "string") return err(validationFailure(["end"], "expected a YYYY-MM-DD string"));
  return range(start, end, [], ["start"], ["end"]);
}

/**
 * Parses a reporting period. Never throws, whatever the input; refuses impossible
 * dates, an end before the start, spans over 366 days and years outside 2000..9999.
 *
 * @example
 * parsePeriod("2026-Q2")  // ok({ start: "2026-04-01", end: "2026-06-30", label: "2026-Q2" })
 * parsePeriod({ start: "2026-01-01", end: "2026-12-31" }) // ok({ ..., label: "2026" })
 * parsePeriod("2026-02-30..2026-03-01").isErr() // true
 */
export function parsePeriod(input: unknown): Result<Period, ValidationFailure> {
  try {
    if (typeof input === "string") return parseString(input);
    if (typeof input === "object" && input !== null) return parseBounds(input);
    return err(validationFailure([], `${FORMATS}, or { start, end }; got ${input === null ? "null" : typeof input}`));
  } catch {
    // Only a hostile object (a throwing getter or proxy) gets here.
    return err(validationFailure([], "the period could not be read"));
  }
}

/**
 * Thrown only by periodOrThrow; carries the ValidationFailure.
 *
 * @example
 * try { periodOrThrow("2026-13"); } catch (e) { if (e instanceof InvalidPeriodError) console.log(e.failure.issue); }
 */
export class InvalidPeriodError extends Error {
  override readonly name = "InvalidPeriodError";
  constructor(readonly failure: ValidationFailure) {
    super(`invalid period: ${failure.issue}`);
  }
}

/**
 * parsePeriod for literals written in code, where a bad value is a bug: throws
 * InvalidPeriodError instead of returning a failure.
 *
 * @example
 * const firstHalf = periodOrThrow("2026-H1"); // { start: "2026-01-01", end: "2026-06-30", label: "2026-H1" }
 */
export function periodOrThrow(input: PeriodInput): Period {
  const parsed = parsePeriod(input);
  if (parsed.isErr()) throw new InvalidPeriodError(parsed.error);
  return parsed.value;
}
