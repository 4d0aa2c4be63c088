/**
 * The Bufdir fixture (db/fixtures/bufdir-fixture.sql) as the client tests see it:
 * its SQL, the ids and request contexts of its users, and the hand-worked
 * figures of db/fixtures/expected-figures.csv.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { dbDir } from "../../../../scripts/lib/paths.ts";
import { asUser, type RequestContext } from "../../../src/context/request-context.ts";

export const FIXTURE_SQL = readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8");

export const ORG_A = "00000000-0000-4000-a000-00000000000a";
export const ORG_B = "00000000-0000-4000-a000-00000000000b";

/** Fixture users by e-mail, with the ids bufdir-fixture.sql gives them. */
export const USERS = {
  mentorA: { id: "00000000-0000-4000-b000-000000000001", email: "mentor.a@fixture.example" },
  coordinatorA: { id: "00000000-0000-4000-b000-000000000006", email: "coordinator.a@fixture.example" },
  adminA: { id: "00000000-0000-4000-b000-000000000007", email: "admin.a@fixture.example" },
  coordinatorB: { id: "00000000-0000-4000-b000-000000000008", email: "coordinator.b@fixture.example" },
} as const;

/** The request context of a fixture user, as a verified JWT would give it. */
export function contextOf(user: keyof typeof USERS): RequestContext {
  const { id, email } = USERS[user];
  return asUser({ sub: id, email });
}

/** Splits CSV text into rows of fields: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error("unterminated quoted field in CSV");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface ExpectedFigure {
  readonly orgId: string;
  readonly mentorId: string | null;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** Dotted path into the figures: a metric of `totals`, or `<breakdown>.<key>`. */
  readonly metric: string;
  readonly value: number | boolean;
  readonly rule: string;
}

/** Every row of db/fixtures/expected-figures.csv, values typed (true/false, or an integer). */
export function loadExpectedFigures(): ExpectedFigure[] {
  const [header, ...rows] = parseCsv(readFileSync(resolve(dbDir, "fixtures/expected-figures.csv"), "utf8"));
  const columns = ["org_id", "mentor_id", "period_start", "period_end", "metric", "value", "rule"];
  if (header === undefined || header.join(",") !== columns.join(",")) {
    throw new Error(`expected-figures.csv: unexpected header ${header?.join(",")}`);
  }
  return rows.map((fields, line) => {
    if (fields.length !== columns.length) throw new Error(`expected-figures.csv row ${line + 2}: ${fields.length} fields`);
    const [orgId, mentorId, periodStart, periodEnd, metric, value, rule] = fields as [string, string, string, string, string, string, string];
    const typed = value === "true" ? true : value === "false" ? false : Number(value);
    if (typeof typed === "number" && !Number.isSafeInteger(typed)) throw new Error(`expected-figures.csv row ${line + 2}: value ${value}`);
    return { orgId, mentorId: mentorId === "" ? null : mentorId, periodStart, periodEnd, metric, value: typed, rule };
  });
}
