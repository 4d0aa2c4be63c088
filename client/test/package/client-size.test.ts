/**
 * The size budget: the minimal browser app (register an activity, read a
 * snapshot) with the client, supabase-js left out, at most 35 KB minified and
 * gzipped. `tsx scripts/measure-client-size.ts` prints the breakdown.
 */
import { describe, expect, it } from "vitest";
import { CLIENT_SIZE_BUDGET_BYTES, measureClientSize } from "../../../scripts/lib/client-size.ts";

describe("the client in a browser app", () => {
  it("stays within 35 KB minified and gzipped, supabase-js aside", async () => {
    const size = await measureClientSize();
    expect(size.gzippedBytes).toBeLessThanOrEqual(CLIENT_SIZE_BUDGET_BYTES);
    // The client and the app are in the bundle, not only their imports.
    expect(size.byPackage.get("app and client")).toBeGreaterThan(5_000);
    expect(size.byPackage.has("@supabase")).toBe(false);
  });
});
