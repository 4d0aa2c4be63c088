/**
 * SQL text cut into the pieces a reader of source files must tell apart:
 * comments, quoted strings and identifiers, dollar-quoted text, and the code
 * between them. The statement splitter (db-sources.ts) and the named-argument
 * check (positional-calls.ts) both read SQL through it.
 */

/** One piece of SQL text, with its offset in the text it came from. */
export type SqlToken =
  | { readonly kind: "comment"; readonly text: string; readonly start: number }
  /** A '…' string or a "…" identifier, quotes included. */
  | { readonly kind: "quoted"; readonly text: string; readonly start: number }
  /** `$tag$…$tag$`: the whole text, its tag and what it encloses. */
  | { readonly kind: "dollar"; readonly text: string; readonly start: number; readonly tag: string; readonly body: string }
  /** A run of code: everything else. */
  | { readonly kind: "code"; readonly text: string; readonly start: number };

const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;
const WORD_CHAR = /[A-Za-z0-9_$]/;

/** The tokens of `sql`, in order; together they are the whole text. */
export function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let codeStart = 0;
  let i = 0;
  const take = (kind: "comment" | "quoted", end: number): void => {
    if (codeStart < i) tokens.push({ kind: "code", text: sql.slice(codeStart, i), start: codeStart });
    tokens.push({ kind, text: sql.slice(i, end), start: i });
    i = end;
    codeStart = end;
  };
  while (i < sql.length) {
    const char = sql[i]!;
    const before = i > 0 ? sql[i - 1]! : " ";
    if (sql.startsWith("--", i)) {
      const end = sql.indexOf("\n", i);
      take("comment", end < 0 ? sql.length : end);
    } else if (sql.startsWith("/*", i)) {
      // Block comments nest in PostgreSQL.
      let depth = 0;
      let end = i;
      do {
        if (sql.startsWith("/*", end)) {
          depth += 1;
          end += 2;
        } else if (sql.startsWith("*/", end)) {
          depth -= 1;
          end += 2;
        } else end += 1;
      } while (depth > 0 && end < sql.length);
      take("comment", end);
    } else if (char === "'" || char === '"') {
      // E'...' strings take backslash escapes; the others double the quote.
      const escapes = char === "'" && /[eE]/.test(before) && !WORD_CHAR.test(sql[i - 2] ?? " ");
      let end = i + 1;
      for (;;) {
        if (end >= sql.length) throw new Error(`unterminated ${char} in SQL`);
        if (escapes && sql[end] === "\\") end += 2;
        else if (sql[end] === char && sql[end + 1] === char) end += 2;
        else if (sql[end] === char) break;
        else end += 1;
      }
      take("quoted", end + 1);
    } else if (char === "$" && !WORD_CHAR.test(before) && DOLLAR_TAG.test(sql.slice(i))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      if (close < 0) throw new Error(`unterminated ${tag} in SQL`);
      if (codeStart < i) tokens.push({ kind: "code", text: sql.slice(codeStart, i), start: codeStart });
      const end = close + tag.length;
      tokens.push({ kind: "dollar", text: sql.slice(i, end), start: i, tag, body: sql.slice(i + tag.length, close) });
      i = end;
      codeStart = end;
    } else {
      i += 1;
    }
  }
  if (codeStart < sql.length) tokens.push({ kind: "code", text: sql.slice(codeStart), start: codeStart });
  return tokens;
}
