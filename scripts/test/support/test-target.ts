/**
 * The engine the test run uses. scripts/test.ts hands vitest a migrated database in
 * DATABASE_URL and names the engine in BUFDIR_TEST_ENGINE; on the embedded engine
 * that URL is the runner's own server, so fresh databases must be new servers.
 */
import { type DatabaseTarget, resolveDatabaseTarget } from "../../lib/database-target.ts";

export function testTarget(): DatabaseTarget {
  if (process.env.BUFDIR_TEST_ENGINE === "embedded") return { engine: "embedded" };
  return resolveDatabaseTarget();
}
