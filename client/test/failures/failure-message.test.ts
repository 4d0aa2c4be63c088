/** Every failure the client returns carries a human-readable message beside its typed fields. */
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import de from "zod/v4/locales/de.js";
import { parseResponse } from "../../src/schemas/parse-response.ts";
import { networkFailure, queryFailure, validationFailure } from "../../src/failures/domain-failure.ts";
import { toDomainFailure } from "../../src/failures/to-domain-failure.ts";
import { mirrorFailure } from "../../src/summaries/mirror-failure.ts";

describe("failure messages", () => {
  it("a validation failure's message names the path and the issue", () => {
    expect(validationFailure(["rows", 0, "count"], "expected a safe integer").message).toBe("rows.0.count: expected a safe integer");
    expect(validationFailure([], "expected an object").message).toBe("expected an object");
  });

  it("every kind has a non-empty message", () => {
    const failures = [
      validationFailure(["date"], "expected a real date as YYYY-MM-DD"),
      queryFailure({ code: "42501", reason: "permission_denied", message: "permission denied for function get_metric_snapshot" }),
      networkFailure("connect ECONNREFUSED 127.0.0.1:5432"),
      toDomainFailure(new TypeError("boom")),
      mirrorFailure("sqlite_error", "database is locked"),
    ];
    for (const failure of failures) expect(failure.message, failure.kind).toMatch(/\S/);
  });

  it("speaks English in a response's failure, and leaves an app's own zod locale alone", () => {
    z.config(de());
    try {
      const row = z.strictObject({ display_name: z.string() });
      expect(parseResponse(row, { display_name: 1 })._unsafeUnwrapErr().message).toBe("display_name: Invalid input: expected string, received number");
      expect(row.safeParse({ display_name: 1 }).error?.issues[0]?.message).toBe("Ungültige Eingabe: erwartet string, erhalten Zahl");
    } finally {
      z.config({ localeError: undefined });
    }
  });
});
