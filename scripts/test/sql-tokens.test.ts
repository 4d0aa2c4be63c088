import { describe, expect, it } from "vitest";
import { sqlTokens } from "../lib/sql-tokens.ts";

describe("sqlTokens", () => {
  it("cuts comments, quoted text and dollar-quoted text from the code, and together they are the whole text", () => {
    const sql = `select 'it''s; here', "a;b" /* one /* nested; */ still */ from t; -- done;
create function f() returns int language sql as $body$ select 1; $body$;
select E'a\\'b;', x$y$ from u;`;
    const tokens = sqlTokens(sql);
    expect(tokens.map((token) => token.text).join("")).toBe(sql);
    expect(tokens.filter((token) => token.kind === "comment").map((token) => token.text)).toEqual([
      "/* one /* nested; */ still */",
      "-- done;",
    ]);
    expect(tokens.filter((token) => token.kind === "quoted").map((token) => token.text)).toEqual([
      "'it''s; here'",
      '"a;b"',
      "'a\\'b;'",
    ]);
    const dollar = tokens.filter((token) => token.kind === "dollar");
    expect(dollar.map((token) => [token.tag, token.body])).toEqual([["$body$", " select 1; "]]);
    for (const token of tokens) expect(sql.slice(token.start, token.start + token.text.length)).toBe(token.text);
  });

  it("refuses unterminated text", () => {
    expect(() => sqlTokens("select 'open")).toThrow(/unterminated '/);
    expect(() => sqlTokens("select $x$ open")).toThrow(/unterminated \$x\$/);
  });
});
