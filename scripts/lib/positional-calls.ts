/**
 * Calls of the project's own functions must name their arguments
 * (`hidden.require_role(org_id => x, roles => '{admin}')`): a call by position
 * breaks silently when a parameter is added, removed or reordered, and a named
 * one says what each value is. This finds the calls that do not, in function
 * bodies, policies, views and triggers alike; scripts/test/positional-calls.test.ts
 * runs it over db/src.
 *
 * A call is `schema.name(` of a function that db/src defines with at least one
 * input parameter; it is reported when one of its top-level arguments has no
 * `=>` (or `:=`). Comments, quoted strings and quoted identifiers are skipped;
 * dollar-quoted text is read as code, since it holds function bodies and the
 * SQL that format() builds. `function name(` (a definition, its comment, grants,
 * a trigger's `execute function`) is not a call.
 */
import { readSource, sourceOrder } from "./db-sources.ts";
import { sqlTokens } from "./sql-tokens.ts";

/** One call by position: its file, the line it starts on and its text. */
export interface PositionalCall {
  readonly file: string;
  readonly line: number;
  readonly call: string;
}

/** A SQL text and the file it came from. */
export interface SqlSource {
  readonly file: string;
  readonly text: string;
}

const SCHEMAS = "public|private|hidden";

/**
 * Every positional call in the sources, of the functions the same sources define.
 *
 * @example
 * positionalCalls([{ file: "a.sql", text: "create function private.f(a int) returns int ...; select private.f(1);" }])
 * // [{ file: "a.sql", line: 1, call: "private.f(1)" }]
 */
export function positionalCalls(sources: readonly SqlSource[]): PositionalCall[] {
  const code = sources.map((source) => ({ file: source.file, text: source.text, code: codeOnly(source.text) }));
  const functions = new Set(code.flatMap((source) => functionsWithParameters(source.code)));
  return code.flatMap((source) => callsByPosition(source, functions));
}

/** Every positional call in db/src. */
export function positionalCallsInSources(files = sourceOrder()): PositionalCall[] {
  return positionalCalls(files.map((file) => ({ file, text: readSource(file) })));
}

/** The call as `file:line: call`. */
export function describeCall(call: PositionalCall): string {
  return `${call.file}:${call.line}: ${call.call}`;
}

/**
 * The text with comments blanked, quoted strings and quoted identifiers blanked
 * but their quotes (line breaks kept, so offsets and line numbers still match),
 * and dollar-quote delimiters blanked, their contents read as code in their turn.
 */
export function codeOnly(sql: string): string {
  const blank = (text: string): string => text.replace(/[^\n]/g, " ");
  return sqlTokens(sql)
    .map((token) => {
      switch (token.kind) {
        case "code":
          return token.text;
        case "comment":
          return blank(token.text);
        case "quoted":
          return token.text[0] + blank(token.text.slice(1, -1)) + token.text[0];
        case "dollar":
          return blank(token.tag) + codeOnly(token.body) + blank(token.tag);
      }
    })
    .join("");
}

/** The functions (`schema.name`) the code defines with at least one input parameter. */
function functionsWithParameters(code: string): string[] {
  const found: string[] = [];
  const definition = new RegExp(`\\bcreate\\s+(?:or\\s+replace\\s+)?function\\s+((?:${SCHEMAS})\\.[a-z_][a-z0-9_]*)\\s*\\(`, "gi");
  for (const match of code.matchAll(definition)) {
    const open = match.index + match[0].length - 1;
    const parameters = topLevelArguments(code, open).arguments;
    const inputs = parameters.filter((parameter) => !/^out\s/i.test(parameter));
    if (inputs.length > 0) found.push(match[1]!.toLowerCase());
  }
  return found;
}

/** The calls of the given functions in one source that pass an argument by position. */
function callsByPosition(source: SqlSource & { code: string }, functions: ReadonlySet<string>): PositionalCall[] {
  const found: PositionalCall[] = [];
  const call = new RegExp(`(?<![A-Za-z0-9_$."])((?:${SCHEMAS})\\.[a-z_][a-z0-9_]*)\\s*\\(`, "gi");
  for (const match of source.code.matchAll(call)) {
    if (!functions.has(match[1]!.toLowerCase())) continue;
    if (/\b(?:function|procedure)\s+$/i.test(source.code.slice(0, match.index))) continue;
    const open = match.index + match[0].length - 1;
    const { arguments: args, close } = topLevelArguments(source.code, open);
    if (args.every((argument) => /=>|:=/.test(topLevelText(argument)))) continue;
    found.push({
      file: source.file,
      line: source.text.slice(0, match.index).split("\n").length,
      call: source.text.slice(match.index, close + 1).replace(/\s+/g, " ").replace(/\(\s/g, "(").replace(/\s\)/g, ")"),
    });
  }
  return found;
}

/**
 * The top-level, comma-separated arguments between the parenthesis at `open`
 * and its match (none for `()`), and where the match is.
 */
function topLevelArguments(code: string, open: number): { arguments: string[]; close: number } {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < code.length; i += 1) {
    const char = code[i];
    if (char === "(" || char === "[") depth += 1;
    else if (char === ")" || char === "]") {
      depth -= 1;
      if (depth === 0) {
        const last = code.slice(start, i);
        if (args.length > 0 || last.trim() !== "") args.push(last.trim());
        return { arguments: args, close: i };
      }
    } else if (char === "," && depth === 1) {
      args.push(code.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error(`unbalanced parenthesis at offset ${open}`);
}

/** An argument with its bracketed parts removed, so a nested call's `=>` does not count. */
function topLevelText(argument: string): string {
  let text = argument;
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text.replace(/\([^()]*\)|\[[^[\]]*\]/g, " ");
  }
  return text;
}
