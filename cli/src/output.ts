/**
 * How the CLI prints: human-readable tables by default, JSON with --json, and
 * failures as one line on stderr with a non-zero exit code (never a stack trace).
 */
import type { DomainFailure } from "@bufdir-reporting/client";

/** Exit codes: 0 success; 1 the database refused (QueryFailure); 2 usage; 3 invalid response; 4 network; 130 cancelled (SIGINT, SIGTERM). */
export const EXIT = { ok: 0, query: 1, usage: 2, validation: 3, network: 4, cancelled: 130 } as const;

type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The reason a failure gets when none is named: what kind of failure its exit code says it is. */
const DEFAULT_REASON: Record<ExitCode, string> = {
  0: "ok",
  1: "query_failed",
  2: "usage",
  3: "invalid_response",
  4: "database_unreachable",
  130: "cancelled",
};

/**
 * A failure the CLI reports and exits on. `reason` is a stable snake_case name
 * (`unknown_organisation`, `permission_denied`, …) and `code` the SQLSTATE when
 * the database gave one, else the reason again; both are what `--json` prints.
 */
export class CliFailure extends Error {
  readonly reason: string;
  readonly code: string;

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    reason?: string,
    code?: string,
  ) {
    super(message);
    this.name = "CliFailure";
    this.reason = reason ?? DEFAULT_REASON[exitCode];
    this.code = code ?? this.reason;
  }
}

/**
 * Characters that steer a terminal instead of showing text: C0 and C1 controls
 * (ESC, BEL, CSI, a newline that would forge a table row) and the bidirectional
 * overrides that reorder what is shown.
 */
const STEERING = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value as the CLI may print it: every control character removed. Names,
 * organisation names and e-mail addresses come from users (a `full_name` is set
 * through Supabase Auth by its owner), so every output path passes them here.
 *
 * @example
 * printable("Eve\u001b]0;owned\u0007") // "Eve]0;owned"
 */
export function printable(value: string): string {
  return value.replace(STEERING, "");
}

/** Longest value a message echoes whole; longer ones are cut in the middle. */
const LONGEST_ECHO = 60;

/**
 * A value as an error message may quote it: at most 60 characters, the middle
 * replaced by "…" (an operator recognises both ends of a path or a name).
 *
 * @example
 * shorten("x".repeat(500)) // "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
 */
export function shorten(value: string, longest = LONGEST_ECHO): string {
  const oneLine = printable(value.replace(/\s+/g, " "));
  if (oneLine.length <= longest) return oneLine;
  const head = Math.ceil((longest - 1) / 2);
  const tail = longest - 1 - head;
  return `${oneLine.slice(0, head)}…${oneLine.slice(oneLine.length - tail)}`;
}

/**
 * The one-line form of a client failure, e.g.
 * `permission_denied (42501): permission denied: ...`, with the organisation's
 * id (when given) replaced by its name.
 *
 * @example
 * throw failureToCli(result.error);
 */
export function failureToCli(failure: DomainFailure, organisation?: { readonly id: string; readonly name: string }): CliFailure {
  switch (failure.kind) {
    case "query": {
      // The database names organisations by id; the operator knows them by name.
      const message = organisation === undefined ? failure.message : failure.message.replaceAll(organisation.id, `"${shorten(organisation.name)}"`);
      return new CliFailure(`${failure.reason} (${failure.code}): ${message}`, EXIT.query, failure.reason, failure.code);
    }
    case "validation":
      return new CliFailure(`invalid response at ${failure.path.join(".") || "(root)"}: ${failure.issue}`, EXIT.validation);
    case "network":
      return new CliFailure(`database unreachable: ${failure.message}`, EXIT.network);
  }
}

type Cell = string | number | boolean | null | undefined;

/**
 * Prints rows as an aligned text table.
 *
 * @example
 * printTable([{ metric: "activity_days", value: 9 }]);
 */
export function printTable(rows: readonly Record<string, Cell>[], columns?: readonly string[]): void {
  if (rows.length === 0) {
    console.log("(none)");
    return;
  }
  const keys = columns ?? Object.keys(rows[0]!);
  const text = (value: Cell) => (value === null || value === undefined ? "" : printable(String(value)));
  const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => text(row[key]).length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (/^-?\d+$/.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(line(keys));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(keys.map((key) => text(row[key]))));
}

/**
 * Prints key/value pairs, one per line.
 *
 * @example
 * printFields({ organisation: "Org 1", period: "2026-H1" });
 */
export function printFields(fields: Record<string, Cell>): void {
  const width = Math.max(...Object.keys(fields).map((key) => key.length));
  for (const [key, value] of Object.entries(fields)) console.log(`${key.padEnd(width)}  ${printable(String(value ?? ""))}`);
}

/**
 * Prints one line whose interpolated values pass through `printable`; the
 * template's own text is the CLI's and printed as written.
 *
 * @example
 * printLine`deleted the snapshot of ${organisation.name}`;
 */
export function printLine(text: TemplateStringsArray, ...values: readonly unknown[]): void {
  console.log(text.reduce((line, part, i) => line + printable(String(values[i - 1])) + part));
}

/** C1 controls, which JSON.stringify leaves raw and some terminals obey. */
const RAW_C1 = /[\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Prints a value as pretty JSON (for --json). The data stays whole: C0 controls
 * are escaped by JSON itself, C1 controls and bidirectional overrides as \\uXXXX.
 */
export function printJson(value: unknown): void {
  console.log(jsonText(value));
}

/** JSON text with every control character escaped, safe on a terminal (indent 0: one line). */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(RAW_C1, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
