/**
 * `bufdir activities add | list | delete | explain`: register, list and
 * soft-delete activities, and say why each counts or not, through the client's
 * ActivityRepository, as `--as` (the database enforces who may register what
 * and name whom, and whose verdicts they may see).
 */
import type { Command } from "commander";
import { ACTIVITY_KINDS, ActivityRepository, databaseUuid, REGISTRATION_PATHS, type ActivityKind, type ActivityRegistration, type ActivityVerdict, type RegistrationPath } from "@bufdir-reporting/client";
import { resolveActor, type Actor } from "../actor.ts";
import { dateArgument, periodArgument, resolveOrganisation, type Organisation } from "../arguments.ts";
import { openDatabaseSession, type DatabaseSession } from "../database-session.ts";
import { CliFailure, EXIT, printable, printFields, printJson, printLine, printTable, shorten } from "../output.ts";
import { verdictLine, whyNotCounted } from "../verdict-text.ts";
import { globalOptions, runCommand } from "../run.ts";
import { unwrap } from "./metrics.ts";

interface AddOptions {
  readonly org: string;
  readonly path: string;
  readonly kind: string;
  readonly date: string;
  readonly minutes: string;
  readonly mentor?: string[];
  readonly contact?: string[];
  readonly anonymous: string;
  readonly municipality?: string;
  readonly codeVersion?: string;
  readonly abroad?: boolean;
}

/** Looks users up by e-mail as the owner (an operator knows the roster); what the actor may do is still the database's call. */
async function userIds(session: DatabaseSession, emails: readonly string[]): Promise<string[]> {
  return Promise.all(
    emails.map(async (email) => {
      const found = await session.asOwner((client) =>
        client.query<{ id: string }>("select id from auth.users where lower(email) = lower($1)", [email]),
      );
      const id = found.rows[0]?.id;
      if (id === undefined) throw new CliFailure(`no user with e-mail ${email}`, EXIT.usage);
      return id;
    }),
  );
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliFailure(`--${name} must be one of ${allowed.join(", ")}`, EXIT.usage);
  return value as T;
}

/** A count option: a whole number of at least `least` (minutes at least 1, anonymous participants at least 0). */
function wholeNumber(name: string, value: string, least: 0 | 1, unit: string): number {
  if (!/^[0-9]{1,9}$/.test(value.trim()) || Number(value) < least) {
    const range = least === 1 ? `a positive whole number of ${unit} (at least 1)` : `a whole number of ${unit}, 0 or more`;
    throw new CliFailure(`--${name} must be ${range}, not "${shorten(value)}"`, EXIT.usage, "invalid_number");
  }
  return Number(value);
}

/** Contact ids as the database stores them: a malformed one is a usage error, never sent. */
function contactIds(values: readonly string[]): string[] {
  for (const value of values) {
    if (!databaseUuid.safeParse(value).success) {
      throw new CliFailure(`--contact "${shorten(value)}" is not a contact id: ids look like 1b4e28ba-2fa1-41d2-883f-0016d3cca427 (\`bufdir contacts list\` shows them)`, EXIT.usage, "invalid_contact_id");
    }
  }
  return values.map((value) => value.toLowerCase());
}

/** "3 (1 known, 2 anonymous)": how many took part, and how many of them are registered contacts. */
function participantsText(known: number, anonymous: number): string {
  return `${known + anonymous} (${known} known, ${anonymous} anonymous)`;
}

/**
 * Without --as the service role acts, which is nobody's membership: a refusal for
 * not being a member says so and how to act as one.
 */
function registrationFailure(error: unknown, actor: Actor): unknown {
  if (actor.userId === null && error instanceof CliFailure && error.code === "42501" && /not a member/.test(error.message)) {
    return new CliFailure(
      `${error.message}: an activity is registered by a member, and without --as the service role acts, which is no member: pass --as <email> of the member who registers it`,
      error.exitCode,
      error.reason,
      error.code,
    );
  }
  return error;
}

function printActivities(activities: readonly ActivityRegistration[]): void {
  printTable(
    activities.map((activity) => ({
      id: activity.id,
      date: activity.activity_date,
      kind: activity.kind,
      path: activity.registration_path,
      minutes: activity.duration_minutes,
      mentors: activity.mentor_ids.length,
      participants: participantsText(activity.participant_ids.length, activity.anonymous_participants),
    })),
  );
}

/** An activity id as the database writes it; anything else is refused before the database is opened. */
const ACTIVITY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function printVerdicts(verdicts: readonly ActivityVerdict[]): void {
  printTable(
    verdicts.map((verdict) => ({
      date: verdict.activity_date,
      kind: verdict.kind,
      path: verdict.registration_path,
      id: verdict.activity_id,
      counts: verdict.counts ? "yes" : "no",
      why: verdict.counts ? "" : whyNotCounted(verdict),
    })),
  );
}

async function withActor(program: Command, org: string, work: (session: DatabaseSession, actor: Actor, organisation: Organisation) => Promise<void>): Promise<void> {
  const session = await openDatabaseSession();
  try {
    const organisation = await resolveOrganisation(session, org);
    const actor = await resolveActor(session, globalOptions(program).as);
    await work(session, actor, organisation);
  } finally {
    await session.close();
  }
}

/** Registers the activities commands. */
export function registerActivitiesCommands(activities: Command, program: Command): void {
  const json = () => globalOptions(program).json;

  activities
    .command("add")
    .description("register one activity with its mentors and participants, in one transaction")
    .requiredOption("--org <id-or-name>", "the organisation")
    .option("--path <path>", "direct (a mentor's own entry), proxy or bulk (coordinators and admins)", "direct")
    .requiredOption("--kind <kind>", ACTIVITY_KINDS.join(", "))
    .requiredOption("--date <date>", "the day, as YYYY-MM-DD (no other form is accepted)")
    .requiredOption("--minutes <n>", "duration in whole minutes, at least 1")
    .option("--mentor <email...>", "the mentors who took part (default: the --as user)")
    .option("--contact <id...>", "known participants, by contact id (a uuid)")
    .option("--anonymous <n>", "participants not registered as contacts (0 or more)", "0")
    .option("--municipality <code>", "four-digit municipality code")
    .option("--code-version <year>", "the municipality code list's version", "2024")
    .option("--abroad", "the activity took place outside Norway")
    .action((options: AddOptions) =>
      runCommand(() => {
        // Checked before the database is opened: a date in any other form is never sent.
        const date = dateArgument("date", options.date);
        const minutes = wholeNumber("minutes", options.minutes, 1, "minutes");
        const anonymous = wholeNumber("anonymous", options.anonymous, 0, "participants");
        const contacts = contactIds(options.contact ?? []);
        return withActor(program, options.org, async (session, actor, organisation) => {
          const mentorIds = options.mentor === undefined ? (actor.userId === null ? [] : [actor.userId]) : await userIds(session, options.mentor);
          const mentorLabels = options.mentor ?? [actor.label];
          const registered = await unwrap(
            new ActivityRepository(actor.transport).register({
              organisationId: organisation.id,
              path: oneOf<RegistrationPath>("path", options.path, REGISTRATION_PATHS),
              kind: oneOf<ActivityKind>("kind", options.kind, ACTIVITY_KINDS),
              date,
              durationMinutes: minutes,
              mentorIds,
              participantIds: contacts,
              anonymousParticipants: anonymous,
              municipality: options.municipality === undefined ? null : { code: options.municipality, codeVersion: options.codeVersion ?? "2024" },
              inNorway: options.abroad !== true,
            }),
            organisation,
          ).catch((error: unknown) => {
            throw registrationFailure(error, actor);
          });
          if (json()) {
            printJson(registered);
            return;
          }
          printFields({ registered: registered.id, organisation: organisation.name, "registered by": actor.label, date: registered.activity_date, kind: registered.kind, path: registered.registration_path, mentors: registered.mentor_ids.length, participants: participantsText(registered.participant_ids.length, registered.anonymous_participants) });
          // At once, whether the new entry will count and why not (a pending mentor, a threshold, a repeat).
          if (registered.verdict !== null) console.log(registered.verdict.counts ? "will count" : printable(verdictLine(registered.verdict, mentorLabels)));
          else console.log(printable(`registered, but whether it counts could not be read: ${registered.verdictFailure?.kind === "query" ? registered.verdictFailure.message : registered.verdictFailure?.kind}`));
        });
      }),
    );

  activities
    .command("list")
    .description("the live activities of a period that the --as user may read")
    .requiredOption("--org <id-or-name>", "the organisation")
    .requiredOption("--period <period>", "2026-H1, 2026, 2026-Q3, 2026-05 or YYYY-MM-DD..YYYY-MM-DD")
    .action((options: { org: string; period: string }) =>
      runCommand(() => {
        const period = periodArgument(options.period);
        return withActor(program, options.org, async (_, actor, organisation) => {
          const listed = await unwrap(new ActivityRepository(actor.transport).list(organisation.id, period), organisation);
          if (json()) printJson(listed);
          else if (listed.length === 0) printLine`no activities of ${organisation.name} in ${period.label} that ${actor.label} may read`;
          else printActivities(listed);
        });
      }),
    );

  activities
    .command("explain")
    .description("why each entry counts or not: for one activity (--id) or every entry of a period (--period) that the --as user may read")
    .requiredOption("--org <id-or-name>", "the organisation")
    .option("--id <activity-id>", "one activity")
    .option("--period <period>", "every entry of a period: 2026-H1, 2026, 2026-Q3, 2026-05 or YYYY-MM-DD..YYYY-MM-DD")
    .action((options: { org: string; id?: string; period?: string }) =>
      runCommand(() => {
        if ((options.id === undefined) === (options.period === undefined)) {
          throw new CliFailure("give either --id <activity-id> or --period <period> (see `bufdir activities explain --help`)", EXIT.usage);
        }
        if (options.id !== undefined && !ACTIVITY_ID.test(options.id)) {
          throw new CliFailure(`--id must be an activity id (a uuid, as \`activities list\` prints it), got "${shorten(options.id)}"`, EXIT.usage);
        }
        const period = options.period === undefined ? undefined : periodArgument(options.period);
        return withActor(program, options.org, async (_, actor, organisation) => {
          const repository = new ActivityRepository(actor.transport);
          if (period === undefined) {
            const verdict = await unwrap(repository.explainActivity(organisation.id, options.id!), organisation);
            if (json()) printJson(verdict);
            else printFields({ activity: verdict.activity_id, organisation: organisation.name, date: verdict.activity_date, kind: verdict.kind, path: verdict.registration_path, "rule version": verdict.rule_version, verdict: verdictLine(verdict) });
            return;
          }
          const verdicts = await unwrap(repository.explainActivities(organisation.id, period), organisation);
          if (json()) printJson(verdicts);
          else if (verdicts.length === 0) console.log(`no entries of ${organisation.name} in ${period.label} that ${actor.label} may read`);
          else printVerdicts(verdicts);
        });
      }),
    );

  activities
    .command("delete")
    .description("soft-delete an activity (kept, never counted again): mentors their own direct entries, coordinators and admins any")
    .requiredOption("--org <id-or-name>", "the organisation")
    .requiredOption("--id <activity-id>", "the activity")
    .action((options: { org: string; id: string }) =>
      runCommand(() =>
        withActor(program, options.org, async (_, actor, organisation) => {
          const deleted = await unwrap(new ActivityRepository(actor.transport).delete(organisation.id, options.id), organisation);
          if (json()) printJson(deleted);
          else printLine`deleted activity ${deleted.id} of ${organisation.name} (${deleted.activity_date}, ${deleted.kind})`;
        }),
      ),
    );
}
