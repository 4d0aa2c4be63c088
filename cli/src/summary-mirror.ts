/**
 * The CLI's side of the local summary mirror (a better-sqlite3 file): opening
 * and migrating it, syncing it as an actor, and reading it with no network.
 *
 * Beside the client's own tables the file holds two tables of the CLI's:
 * `cli_mirror_organisations`, the name of every organisation synced into it and
 * whom it was last synced as, and `cli_mirror_member_names`, the members' names
 * as that user may read them. The names let `summaries show --org <name>
 * --mentor <name>` work offline and label mentors by name; the actor keeps to the rule of one mirror per user: a sync as
 * someone else replaces the organisation's rows instead of adding to them.
 */
import { errAsync, type ResultAsync } from "neverthrow";
import {
  networkFailure,
  openBetterSqlite3Driver,
  openMirror,
  SummaryCacheRepository,
  type RpcTransport,
  type SqliteDriver,
  type SummaryCacheFailure,
  type SyncReport,
} from "@bufdir-reporting/client/node";
import type { Organisation } from "./arguments.ts";
import { CliFailure, EXIT, failureToCli, shorten } from "./output.ts";
import { prepareOutputFile } from "./output-path.ts";
import { fetchMemberNames, type MemberName } from "./member-names.ts";

/**
 * Unwraps a summary-cache result; a local SQLite failure becomes a one-line
 * `local mirror: ...` error, any other failure the CLI's usual one.
 *
 * @example
 * const report = await unwrapSummary(repository.sync());
 */
export async function unwrapSummary<T>(result: ResultAsync<T, SummaryCacheFailure>): Promise<T> {
  const settled = await result;
  if (settled.isOk()) return settled.value;
  const failure = settled.error;
  if (failure.kind === "mirror") throw new CliFailure(`local mirror: ${failure.reason}: ${failure.message}`, EXIT.query, failure.reason, "mirror");
  throw failureToCli(failure);
}

/**
 * A transport for reading the mirror with no database: reads never call it, and
 * a call that happened anyway fails as a network failure instead of connecting.
 *
 * @example
 * new SummaryCacheRepository({ driver, transport: offlineTransport, organisationId });
 */
export const offlineTransport: RpcTransport = {
  call: () => errAsync(networkFailure("offline: reading the local mirror only")),
};

/**
 * Opens a mirror file with better-sqlite3 (creating it and its folder when
 * missing) and migrates it to the current schema. Close the driver when done.
 *
 * @example
 * const driver = await openSummaryMirror(".data/summaries.sqlite");
 * try { ... } finally { await driver.close(); }
 */
export async function openSummaryMirror(path: string): Promise<SqliteDriver> {
  prepareOutputFile(path);
  let driver: SqliteDriver | undefined;
  try {
    driver = await openBetterSqlite3Driver(path);
    await openMirror(driver);
    await driver.exec(
      `CREATE TABLE IF NOT EXISTS cli_mirror_organisations (
         organisation_id TEXT NOT NULL PRIMARY KEY,
         name TEXT NOT NULL,
         synced_as TEXT NOT NULL
       )`,
    );
    await driver.exec(
      `CREATE TABLE IF NOT EXISTS cli_mirror_member_names (
         organisation_id TEXT NOT NULL,
         user_id TEXT NOT NULL,
         display_name TEXT NOT NULL,
         email TEXT NOT NULL,
         PRIMARY KEY (organisation_id, user_id)
       )`,
    );
    return driver;
  } catch (error) {
    await driver?.close().catch(() => undefined);
    throw new CliFailure(`local mirror ${shorten(path)}: ${error instanceof Error ? error.message : String(error)}`, EXIT.query, "mirror");
  }
}

/**
 * An organisation the mirror was synced for, as the CLI recorded it.
 *
 * @example
 * const entry: MirrorOrganisation = { id: "9b68…", name: "Likepersonsforeningen Oslo", syncedAs: "coordinator@org1.example" };
 */
export interface MirrorOrganisation {
  readonly id: string;
  readonly name: string;
  /** An e-mail address, or "service role". */
  readonly syncedAs: string;
}

/**
 * Every organisation the CLI has synced into the mirror.
 *
 * @example
 * const known = await mirrorOrganisations(driver);
 */
export async function mirrorOrganisations(driver: SqliteDriver): Promise<MirrorOrganisation[]> {
  return driver.all<MirrorOrganisation>(
    "SELECT organisation_id AS id, name, synced_as AS syncedAs FROM cli_mirror_organisations ORDER BY name",
  );
}

/**
 * The members' names recorded for an organisation by its last sync.
 *
 * @example
 * const names = await mirrorMemberNames(driver, organisation.id);
 */
export async function mirrorMemberNames(driver: SqliteDriver, organisationId: string): Promise<MemberName[]> {
  return driver.all<MemberName>(
    `SELECT user_id AS userId, display_name AS displayName, email FROM cli_mirror_member_names
     WHERE organisation_id = ? ORDER BY display_name, email`,
    [organisationId],
  );
}

/**
 * What `syncSummaryMirror` did.
 *
 * @example
 * const outcome: MirrorSync = { report, previousActor: "mentor3@org1.example" };
 */
export interface MirrorSync {
  readonly report: SyncReport;
  /** Set when the organisation was last synced as someone else, whose rows the sync replaced. */
  readonly previousActor?: string;
}

/**
 * Syncs one organisation into the mirror as an actor: a delta sync after the
 * stored cursor, or a full one that replaces the organisation's rows when
 * `full` is set or the last sync was someone else's. Records the organisation's
 * name and the actor afterwards.
 *
 * @example
 * const { report } = await syncSummaryMirror({ driver, transport: actor.transport, organisation, actorLabel: actor.label });
 */
export async function syncSummaryMirror(options: {
  readonly driver: SqliteDriver;
  readonly transport: RpcTransport;
  readonly organisation: Organisation;
  readonly actorLabel: string;
  readonly full?: boolean;
}): Promise<MirrorSync> {
  const { driver, organisation, actorLabel } = options;
  const previous = (await mirrorOrganisations(driver)).find((entry) => entry.id === organisation.id);
  const otherActor = previous !== undefined && previous.syncedAs !== actorLabel ? previous.syncedAs : undefined;
  const repository = new SummaryCacheRepository({ driver, transport: options.transport, organisationId: organisation.id });
  const report = await unwrapSummary(
    options.full === true || otherActor !== undefined ? repository.refresh({ full: true }) : repository.sync(),
  );
  const names = await fetchMemberNames(options.transport, organisation.id);
  if (names.isErr()) throw failureToCli(names.error, organisation);
  await driver.transaction(async () => {
    await driver.run(
      `INSERT INTO cli_mirror_organisations (organisation_id, name, synced_as) VALUES (?, ?, ?)
       ON CONFLICT (organisation_id) DO UPDATE SET name = excluded.name, synced_as = excluded.synced_as`,
      [organisation.id, organisation.name, actorLabel],
    );
    await driver.run("DELETE FROM cli_mirror_member_names WHERE organisation_id = ?", [organisation.id]);
    for (const name of names.value) {
      await driver.run("INSERT INTO cli_mirror_member_names (organisation_id, user_id, display_name, email) VALUES (?, ?, ?, ?)", [
        organisation.id,
        name.userId,
        name.displayName,
        name.email,
      ]);
    }
  });
  return otherActor === undefined ? { report } : { report, previousActor: otherActor };
}
