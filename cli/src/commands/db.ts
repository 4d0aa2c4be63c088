/**
 * `bufdir db up | migrate | status | reset | create`: the database's lifecycle.
 */
import { existsSync, rmSync } from "node:fs";
import type { Command } from "commander";
import pg from "pg";
import { databaseNameOf, type DatabaseTarget, redactPassword, resolveDatabaseTarget, withDatabaseName } from "../../../scripts/lib/database-target.ts";
import { dbmate } from "../../../scripts/lib/migrations.ts";
import { migrationStatus } from "../../../scripts/lib/migration-status.ts";
import { isOwnEmbeddedDataDir } from "../../../scripts/lib/embedded-server.ts";
import { embeddedDataDir } from "../../../scripts/lib/paths.ts";
import { isScratchDatabase, SCRATCH_MARKER } from "../../../scripts/lib/scratch-database.ts";
import { createNamedDatabase } from "../database-creation.ts";
import { openDatabaseSession, type DatabaseSession } from "../database-session.ts";
import { CliFailure, EXIT, printFields, printJson, printLine, printTable, shorten } from "../output.ts";
import { globalOptions, runCommand } from "../run.ts";
import { progressBar, withProgress } from "../progress-bar.ts";

interface TableCount {
  table: string;
  rows: number;
}

async function tableCounts(session: DatabaseSession): Promise<TableCount[]> {
  return session.asOwner(async (client) => {
    const tables = await client.query<{ name: string }>(
      `select format('%I.%I', n.nspname, c.relname) as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname = 'public' order by c.relname`,
    );
    const counts: TableCount[] = [];
    for (const { name } of tables.rows) {
      const result = await client.query<{ n: number }>(`select count(*)::int as n from ${name}`);
      counts.push({ table: name, rows: result.rows[0]!.n });
    }
    return counts;
  });
}

async function describe(session: DatabaseSession, json: boolean, listMigrations = false): Promise<void> {
  const status = await session.asOwner((client) => migrationStatus(client));
  const { applied, pending } = status;
  const counts = await tableCounts(session);
  if (json) {
    printJson({
      engine: session.engine,
      ...(session.created ? { created: true } : {}),
      url: redactPassword(session.url),
      migrations: { applied, pending },
      ...(listMigrations ? { versions: status.migrations } : {}),
      tables: counts,
    });
    return;
  }
  printFields({
    engine:
      session.engine === "embedded"
        ? `embedded (data in ${embeddedDataDir}${session.created ? "; created and migrated just now" : ""})`
        : "PostgreSQL",
    url: redactPassword(session.url),
    migrations: `${applied} applied, ${pending} pending${pending > 0 ? " (`bufdir db migrate` applies them)" : ""}`,
  });
  if (listMigrations) {
    console.log();
    printTable(status.migrations.map((entry) => ({ migration: entry.file, state: entry.applied ? "applied" : "pending" })));
  }
  console.log();
  printTable(counts.map((count) => ({ table: count.table, rows: count.rows })));
}

/**
 * `db reset --confirm <name>` on a database the user created: every migration
 * rolled back (the project's objects and rows go; anything else stays), the
 * users who were members of its organisations deleted, then migrated again.
 */
async function resetConfirmedDatabase(target: DatabaseTarget, confirmed: string, json: boolean): Promise<void> {
  if (target.engine !== "postgres") {
    throw new CliFailure("--confirm is for a DATABASE_URL database you created; the embedded one resets with --yes", EXIT.usage);
  }
  const name = databaseNameOf(target.url);
  if (confirmed !== name) {
    throw new CliFailure(`--confirm "${shorten(confirmed)}" does not name the database, "${shorten(name)}": nothing was changed`, EXIT.usage, "not_confirmed");
  }
  const session = await openDatabaseSession({ migrate: false, allowPending: true });
  try {
    // The members' ids first: the rollback drops the table that says who they are,
    // and their rows must go before the users they reference can.
    const memberIds = await session.asOwner(async (client) => {
      const present = await client.query<{ present: boolean }>("select to_regclass('public.members') is not null as present");
      if (present.rows[0]?.present !== true) return [];
      return (await client.query<{ user_id: string }>("select distinct user_id::text from public.members")).rows.map((row) => row.user_id);
    });
    const total = (await session.asOwner(migrationStatus)).applied;
    const bar = progressBar();
    for (let applied = total; applied > 0; applied -= 1) {
      bar.update("rolling back", total - applied, total);
      await dbmate(session.url, "rollback", true);
    }
    bar.update("rolling back", total, total);
    bar.finish();
    await session.asOwner((client) => client.query("delete from auth.users where id = any($1::uuid[])", [memberIds]));
  } finally {
    await session.close();
  }
  const migrated = await openDatabaseSession({ migrate: true });
  try {
    await describe(migrated, json);
  } finally {
    await migrated.close();
  }
}

/** Registers the db commands. */
export function registerDbCommands(db: Command, program: Command): void {

  db.command("up")
    .description("bring the database up and apply pending migrations, then show what it holds")
    .action(() =>
      runCommand(async () => {
        const session = await openDatabaseSession({ migrate: true });
        try {
          await describe(session, globalOptions(program).json);
        } finally {
          await session.close();
        }
      }),
    );

  db.command("migrate")
    .description("apply the Supabase bootstrap (where needed) and pending migrations")
    .action(() =>
      runCommand(async () => {
        const session = await openDatabaseSession({ migrate: true });
        try {
          const status = await dbmate(session.url, "status", true);
          if (globalOptions(program).json) printJson({ migrated: true, status: status.trim().split("\n") });
          else process.stdout.write(status);
        } finally {
          await session.close();
        }
      }),
    );

  db.command("status")
    .description("show applied and pending migrations and row counts")
    .action(() =>
      runCommand(async () => {
        const session = await openDatabaseSession({ migrate: false, allowPending: true });
        try {
          await describe(session, globalOptions(program).json, true);
        } finally {
          await session.close();
        }
      }),
    );

  db.command("create")
    .description("create the empty database DATABASE_URL names, through the server's maintenance database; `db migrate` then fills it")
    .addHelpText(
      "after",
      "\nExit codes: 0 created; 1 the database exists already, or the login may not create databases; 2 no DATABASE_URL\n(the embedded database is created on first use); 4 the server unreachable or the login refused.\n\nExample:\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomer_op bufdir db create",
    )
    .action(() =>
      runCommand(async () => {
        const target = resolveDatabaseTarget();
        if (target.engine !== "postgres") {
          throw new CliFailure("db create needs DATABASE_URL naming the database to create; the embedded database is created on first use", EXIT.usage);
        }
        const created = await createNamedDatabase(target.url);
        if (globalOptions(program).json) printJson({ created: created.name, url: redactPassword(target.url) });
        else printLine`created database "${created.name}" on ${created.server} (\`bufdir db migrate\` applies the migrations)`;
      }),
    );

  db.command("reset")
    .description("delete all data and re-create the schema; a database these scripts did not create only with --confirm <its name>")
    .option("--yes", "confirm: really delete everything (a database these scripts created)")
    .option("--confirm <database>", "a database you created yourself: its name, to confirm removing everything the migrations created in it and the project's users")
    .addHelpText(
      "after",
      "\nOn a database you created yourself, --confirm <name> rolls back every migration (dropping the project's tables and\ntheir rows), deletes the users who were members of its organisations, and migrates again; nothing else is touched.",
    )
    .action((options: { yes?: boolean; confirm?: string }) =>
      runCommand(async () => {
        const target = resolveDatabaseTarget();
        if (options.confirm !== undefined) {
          await resetConfirmedDatabase(target, options.confirm, globalOptions(program).json);
          return;
        }
        if (options.yes !== true) throw new CliFailure("db reset deletes every row: pass --yes to confirm", EXIT.usage);
        if (target.engine === "embedded") {
          if (existsSync(embeddedDataDir) && !isOwnEmbeddedDataDir(embeddedDataDir)) {
            throw new CliFailure(`refusing to reset ${embeddedDataDir}: it was not created by these scripts`, EXIT.query);
          }
          rmSync(embeddedDataDir, { recursive: true, force: true });
        } else {
          const name = databaseNameOf(target.url);
          const serverUrl = withDatabaseName(target.url, "postgres");
          if (!(await isScratchDatabase(serverUrl, name))) {
            throw new CliFailure(
              `refusing to reset "${shorten(name)}": it was not created by these scripts (to empty it anyway: bufdir db reset --confirm ${shorten(name)})`,
              EXIT.query,
              "not_ours",
            );
          }
          await withProgress(`emptying database "${name}"`, async () => {
            const admin = new pg.Client(serverUrl);
            await admin.connect();
            try {
              await admin.query(`drop database ${admin.escapeIdentifier(name)} with (force)`);
              await admin.query(`create database ${admin.escapeIdentifier(name)}`);
              await admin.query(`comment on database ${admin.escapeIdentifier(name)} is ${admin.escapeLiteral(SCRATCH_MARKER)}`);
            } finally {
              await admin.end();
            }
          });
        }
        const session = await openDatabaseSession({ migrate: true });
        try {
          await describe(session, globalOptions(program).json);
        } finally {
          await session.close();
        }
      }),
    );
}
