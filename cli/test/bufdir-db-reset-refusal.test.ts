/**
 * `bufdir db reset --yes` deletes everything, so it refuses whatever these
 * scripts did not create: an embedded data folder without our marker, and a
 * PostgreSQL database without our comment (even one named like ours). The
 * refused target must be left exactly as it was.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { withDatabaseName } from "../../scripts/lib/database-target.ts";
import { EMBEDDED_MARKER_FILE } from "../../scripts/lib/embedded-server.ts";
import { SCRATCH_PREFIX } from "../../scripts/lib/scratch-database.ts";
import { testTarget } from "../../scripts/test/support/test-target.ts";
import { expectOneLineFailure, runBufdir, withEnv } from "./support/cli-harness.ts";

const target = testTarget();

describe("db reset on the embedded engine", () => {
  const dir = mkdtempSync(join(tmpdir(), "bufdir-reset-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a data folder that holds files but no marker, and deletes nothing", async () => {
    const foreign = join(dir, "someone-elses");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "thesis.txt"), "four years of work\n");
    const result = await runBufdir(["db", "reset", "--yes"], withEnv(process.env, { DATABASE_URL: undefined, BUFDIR_DATA_DIR: foreign }));
    expectOneLineFailure(result, 1, /refusing to reset .*someone-elses: it was not created by these scripts/);
    expect(readFileSync(join(foreign, "thesis.txt"), "utf8")).toBe("four years of work\n");
    expect(existsSync(join(foreign, EMBEDDED_MARKER_FILE))).toBe(false);
  });
});

describe.runIf(target.engine === "postgres")("db reset on PostgreSQL", () => {
  const serverUrl = target.engine === "postgres" ? target.url : "";
  // Named like a scratch database on purpose: only the marker comment makes one ours.
  const name = `${SCRATCH_PREFIX}foreign_${randomBytes(4).toString("hex")}`;

  async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    await onServer(serverUrl, (client) => client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`));
  });

  it("refuses a database it did not create, which keeps its data", async () => {
    await onServer(serverUrl, (client) => client.query(`create database ${client.escapeIdentifier(name)}`));
    const url = withDatabaseName(serverUrl, name);
    await onServer(url, async (client) => {
      await client.query("create table precious (note text not null)");
      await client.query("insert into precious (note) values ('keep me')");
    });

    const result = await runBufdir(["db", "reset", "--yes"], withEnv(process.env, { DATABASE_URL: url, BUFDIR_TEST_ENGINE: undefined }));
    expectOneLineFailure(result, 1, new RegExp(`refusing to reset "${name}": it was not created by these scripts \\(to empty it anyway: bufdir db reset --confirm ${name}\\)`));

    const notes = await onServer(url, async (client) => (await client.query<{ note: string }>("select note from precious")).rows);
    expect(notes).toEqual([{ note: "keep me" }]);
  });

  describe("reseeding a database the user created, confirmed by its name", () => {
    const url = () => withDatabaseName(serverUrl, name);
    const bufdir = (args: readonly string[]) => runBufdir(args, withEnv(process.env, { DATABASE_URL: url(), BUFDIR_TEST_ENGINE: undefined }));
    const counts = () =>
      onServer(url(), async (client) =>
        (
          await client.query<{ organisations: number; users: number; notes: number }>(
            `select (select count(*)::int from public.organisations) as organisations,
                    (select count(*)::int from auth.users) as users,
                    (select count(*)::int from precious) as notes`,
          )
        ).rows[0],
      );

    it("a second seed is refused and names the way forward", async () => {
      expect((await bufdir(["--json", "db", "migrate"])).exitCode).toBe(0);
      expect((await bufdir(["--json", "seed", "--activities", "20"])).exitCode).toBe(0);
      await onServer(url(), (client) => client.query("insert into auth.users (id, email) values (gen_random_uuid(), 'own-user@example.org')"));
      const before = await counts();
      expectOneLineFailure(await bufdir(["seed", "--activities", "20"]), 1, new RegExp(`start over with \`bufdir db reset --confirm ${name}\``));
      expect(await counts()).toEqual(before);
    });

    it("--confirm with another name changes nothing (exit 2)", async () => {
      const before = await counts();
      expectOneLineFailure(await bufdir(["db", "reset", "--confirm", "postgres"]), 2, new RegExp(`--confirm "postgres" does not name the database, "${name}": nothing was changed`));
      expect(await counts()).toEqual(before);
    });

    it("--confirm <its name> removes the project's rows and users, keeps everything else, and seed works again", async () => {
      const reset = await bufdir(["--json", "db", "reset", "--confirm", name]);
      expect(reset.exitCode, reset.stderr).toBe(0);
      expect(await counts()).toEqual({ organisations: 0, users: 1, notes: 1 });
      const reseeded = await bufdir(["--json", "seed", "--activities", "20"]);
      expect(reseeded.exitCode, reseeded.stderr).toBe(0);
      expect((await counts())?.organisations).toBe(2);
    });
  });
});
