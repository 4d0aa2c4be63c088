import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMonth, fromDayNumber, isIsoDate } from "../../src/period/calendar.ts";
import { InvalidPeriodError, parsePeriod, type Period, periodOrThrow } from "../../src/period/period.ts";

const parsed = (input: unknown): Period => parsePeriod(input)._unsafeUnwrap();
const issue = (input: unknown): string => parsePeriod(input)._unsafeUnwrapErr().issue;

describe("parsePeriod accepts", () => {
  it.each([
    ["2026", "2026-01-01", "2026-12-31", "2026"],
    ["2028", "2028-01-01", "2028-12-31", "2028"],
    ["2026-H1", "2026-01-01", "2026-06-30", "2026-H1"],
    ["2026-H2", "2026-07-01", "2026-12-31", "2026-H2"],
    ["2026-h2", "2026-07-01", "2026-12-31", "2026-H2"],
    ["2026-Q1", "2026-01-01", "2026-03-31", "2026-Q1"],
    ["2026-Q2", "2026-04-01", "2026-06-30", "2026-Q2"],
    ["2026-Q3", "2026-07-01", "2026-09-30", "2026-Q3"],
    ["2026-q4", "2026-10-01", "2026-12-31", "2026-Q4"],
    ["2026-05", "2026-05-01", "2026-05-31", "2026-05"],
    ["2026-02", "2026-02-01", "2026-02-28", "2026-02"],
    ["2028-02", "2028-02-01", "2028-02-29", "2028-02"],
    ["2026-01-15..2026-02-14", "2026-01-15", "2026-02-14", "2026-01-15..2026-02-14"],
    ["2026-03-01..2026-03-01", "2026-03-01", "2026-03-01", "2026-03-01..2026-03-01"],
    ["2026-09-01..2027-08-31", "2026-09-01", "2027-08-31", "2026-09-01..2027-08-31"],
    ["2000", "2000-01-01", "2000-12-31", "2000"],
    ["9999-Q4", "9999-10-01", "9999-12-31", "9999-Q4"],
  ])("%s as %s..%s labelled %s", (input, start, end, label) => {
    expect(parsed(input)).toEqual({ start, end, label });
  });

  it("explicit bounds, labelled by the named period they cover", () => {
    expect(parsed({ start: "2026-04-01", end: "2026-06-30" })).toEqual({ start: "2026-04-01", end: "2026-06-30", label: "2026-Q2" });
    expect(parsed("2026-01-01..2026-12-31").label).toBe("2026");
    expect(parsed({ start: "2026-02-01", end: "2026-02-28" }).label).toBe("2026-02");
    expect(parsed({ start: "2026-02-01", end: "2026-03-15" }).label).toBe("2026-02-01..2026-03-15");
  });

  it("a whole leap year (366 days)", () => {
    expect(parsed("2028-01-01..2028-12-31")).toEqual({ start: "2028-01-01", end: "2028-12-31", label: "2028" });
  });
});

describe("parsePeriod refuses", () => {
  it.each([
    ["2026-02-29..2026-03-01", /start is not a real date/],
    ["2026-02-01..2026-02-30", /end is not a real date/],
    ["2026-13", /month 13 does not exist/],
    ["2026-00", /month 00 does not exist/],
    ["2026-04-31..2026-05-01", /not a real date/],
    ["2026-05-02..2026-05-01", /before start/],
    ["2026-01-01..2027-01-02", /spans 367 days/],
    ["2027-01-01..2028-01-02", /367 days/],
    ["1999", /outside 2000..9999/],
    ["1999-Q4", /outside 2000..9999/],
    ["1999-12-31..2000-01-01", /outside 2000..9999/],
    ["2026-Q5", /expected YYYY/],
    ["2026-H3", /expected YYYY/],
    ["26", /expected YYYY/],
    ["10000", /expected YYYY/],
    [" 2026", /expected YYYY/],
    ["2026-1", /expected YYYY/],
    ["2026-01-01..", /expected YYYY/],
    ["", /expected YYYY/],
  ])("%j", (input, pattern) => {
    expect(issue(input)).toMatch(pattern);
  });

  it("a span of 367 days, and accepts 366 only where they fit", () => {
    expect(parsePeriod("2026-01-01..2027-01-01").isOk()).toBe(true); // 366 days
    expect(issue("2026-01-01..2027-01-02")).toMatch(/367 days; at most 366/);
  });

  it("bounds objects with a bad key, a missing bound or a non-string, naming the field", () => {
    expect(parsePeriod({ start: "2026-01-01", end: "2026-01-31", label: "x" })._unsafeUnwrapErr().path).toEqual(["label"]);
    expect(parsePeriod({ start: "2026-01-01" })._unsafeUnwrapErr().path).toEqual(["end"]);
    expect(parsePeriod({ start: 20260101, end: "2026-01-31" })._unsafeUnwrapErr().path).toEqual(["start"]);
    expect(parsePeriod({ start: "2026-01-01", end: "2026-02-30" })._unsafeUnwrapErr().path).toEqual(["end"]);
    expect(parsePeriod({ start: "1999-01-01", end: "2000-01-30" })._unsafeUnwrapErr().path).toEqual(["start"]);
  });

  it.each([null, undefined, 2026, true, [], ["2026"], Symbol("p"), () => "2026", new Date()])("the non-period %s", (input) => {
    expect(parsePeriod(input).isErr()).toBe(true);
  });

  it("a hostile object without throwing", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
    expect(parsePeriod(hostile)._unsafeUnwrapErr().issue).toMatch(/could not be read/);
  });
});

describe("periodOrThrow", () => {
  it("returns the period of a good literal", () => {
    expect(periodOrThrow("2026-H1")).toEqual({ start: "2026-01-01", end: "2026-06-30", label: "2026-H1" });
  });

  it("throws InvalidPeriodError carrying the failure for a bad one", () => {
    expect(() => periodOrThrow("2026-02-30..2026-03-01")).toThrow(InvalidPeriodError);
    try {
      periodOrThrow("2026-Q9");
    } catch (error) {
      expect((error as InvalidPeriodError).failure).toMatchObject({ kind: "validation", path: [] });
    }
  });
});

describe("parsePeriod, property-based", () => {
  const year = fc.integer({ min: 2000, max: 9999 });
  const pad = (n: number) => String(n).padStart(2, "0");

  /** A valid period string of any accepted form, with the bounds it must parse to. */
  const validInput = fc.oneof(
    year.map((y) => ({ input: `${y}`, start: `${y}-01-01`, end: `${y}-12-31` })),
    fc.tuple(year, fc.integer({ min: 1, max: 2 })).map(([y, h]) => ({
      input: `${y}-H${h}`,
      start: `${y}-${pad(h * 6 - 5)}-01`,
      end: `${y}-${pad(h * 6)}-${pad(daysInMonth(y, h * 6))}`,
    })),
    fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, q]) => ({
      input: `${y}-Q${q}`,
      start: `${y}-${pad(q * 3 - 2)}-01`,
      end: `${y}-${pad(q * 3)}-${pad(daysInMonth(y, q * 3))}`,
    })),
    fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => ({
      input: `${y}-${pad(m)}`,
      start: `${y}-${pad(m)}-01`,
      end: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}`,
    })),
    // Any start day from 2000-01-01 to 9998-12-31 (day numbers 10957..2932531), spanning 1..366 days.
    fc.tuple(fc.integer({ min: 10_957, max: 2_932_531 }), fc.integer({ min: 0, max: 365 })).map(([first, extra]) => {
      const start = fromDayNumber(first);
      const end = fromDayNumber(first + extra);
      return { input: `${start}..${end}`, start, end };
    }),
  );

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }), (input) => {
        const result = parsePeriod(input);
        expect(result.isOk() || result.isErr()).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it("never throws on strings that look almost like periods", () => {
    const almost = fc.stringMatching(/^[0-9]{3,5}(-([0-9HQhq]{1,3}|[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2}))?$/);
    fc.assert(
      fc.property(almost, (input) => {
        const result = parsePeriod(input);
        if (result.isOk()) {
          expect(isIsoDate(result.value.start) && isIsoDate(result.value.end)).toBe(true);
          expect(result.value.start <= result.value.end).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("parses valid periods to their bounds, and the label parses back to the same period", () => {
    fc.assert(
      fc.property(validInput, ({ input, start, end }) => {
        const period = parsed(input);
        expect(period.start).toBe(start);
        expect(period.end).toBe(end);
        expect(parsed(period.label)).toEqual(period);
        expect(parsed({ start: period.start, end: period.end })).toEqual(period);
      }),
      { numRuns: 2_000 },
    );
  });
});
