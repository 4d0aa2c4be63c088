/**
 * `bufdir members add | approve | revoke | list` and `bufdir members periods
 * [list] | add | end`: an organisation's members and its mentors' active periods,
 * through the client's MemberRepository, as --as. Admins manage every member;
 * coordinators add, approve and revoke peer mentors and record their active
 * periods; nobody approves or revokes themselves (the database decides).
 */
import type { Command } from "commander";
import { MEMBER_ROLES, MemberRepository, type MemberRole, type Membership, type MentorActivePeriod } from "@bufdir-reporting/client";
import { resolveActor, type Actor } from "../actor.ts";
import { dateArgument, resolveOrganisation, type Organisation } from "../arguments.ts";
import { openDatabaseSession, type DatabaseSession } from "../database-session.ts";
import { fetchMemberNames, mentorLabel } from "../member-names.ts";
import { CliFailure, EXIT, printFields, printJson, printTable, shorten } from "../output.ts";
import { globalOptions, runCommand } from "../run.ts";
import { userIdByEmail, withSignUpHint } from "../user-lookup.ts";
import { unwrap } from "./metrics.ts";

/** `mentor` is how people say it; the database's name is peer_mentor. */
function roleArgument(text: string): MemberRole {
  const role = text.trim().toLowerCase() === "mentor" ? "peer_mentor" : text.trim().toLowerCase();
  if (!(MEMBER_ROLES as readonly string[]).includes(role)) {
    throw new CliFailure(`invalid --role "${shorten(text)}": expected ${MEMBER_ROLES.join(", ")} (or mentor)`, EXIT.usage, "invalid_role");
  }
  return role as MemberRole;
}

interface Target {
  readonly session: DatabaseSession;
  readonly actor: Actor;
  readonly organisation: Organisation;
  readonly members: MemberRepository;
}

async function withTarget(program: Command, org: string, work: (target: Target) => Promise<void>): Promise<void> {
  const session = await openDatabaseSession();
  try {
    const organisation = await resolveOrganisation(session, org);
    const actor = await resolveActor(session, globalOptions(program).as);
    await work({ session, actor, organisation, members: new MemberRepository(actor.transport) });
  } finally {
    await session.close();
  }
}

function printMembership(member: Membership, organisation: Organisation): void {
  printFields({ organisation: organisation.name, member: member.display_name, email: member.email ?? "", role: member.role, status: member.approval_status });
}

/** Registers the members commands. */
export function registerMembersCommands(members: Command, program: Command): void {
  const json = () => globalOptions(program).json;
  const orgOption = "the organisation: its name, in any case, or a unique beginning of it (or its id)";

  members
    .command("add")
    .description("add an existing user by e-mail with a role, pending approval (admins any role, coordinators peer mentors)")
    .requiredOption("--org <name-or-id>", orgOption)
    .requiredOption("--email <address>", "the user's e-mail address")
    .requiredOption("--role <role>", `${MEMBER_ROLES.join(", ")} (or mentor)`)
    .action((options: { org: string; email: string; role: string }) =>
      runCommand(() => {
        const role = roleArgument(options.role);
        return withTarget(program, options.org, async (t) => {
          const added = await unwrap(t.members.add({ organisationId: t.organisation.id, email: options.email, role }), t.organisation).catch((failure: unknown) => {
            throw withSignUpHint(failure);
          });
          if (json()) printJson(added);
          else printMembership(added, t.organisation);
        });
      }),
    );

  for (const [name, description] of [
    ["approve", "approve a membership, or reinstate a revoked one (admins any member, coordinators peer mentors)"],
    ["revoke", "revoke a membership: every right ends at once (admins any member, coordinators peer mentors)"],
  ] as const) {
    members
      .command(name)
      .description(description)
      .requiredOption("--org <name-or-id>", orgOption)
      .requiredOption("--email <address>", "the member's e-mail address")
      .action((options: { org: string; email: string }) =>
        runCommand(() =>
          withTarget(program, options.org, async (t) => {
            const userId = await userIdByEmail(t.session, options.email);
            const call = name === "approve" ? t.members.approve(t.organisation.id, userId) : t.members.revoke(t.organisation.id, userId);
            const changed = await unwrap(call, t.organisation);
            if (json()) printJson(changed);
            else printMembership({ ...changed, email: changed.email ?? options.email.trim().toLowerCase() }, t.organisation);
          }),
        ),
      );
  }

  members
    .command("list")
    .description("the organisation's members with e-mail, name, role and status (approved members and the operator)")
    .requiredOption("--org <name-or-id>", orgOption)
    .action((options: { org: string }) =>
      runCommand(() =>
        withTarget(program, options.org, async (t) => {
          const listed = await unwrap(t.members.list(t.organisation.id), t.organisation);
          if (json()) printJson(listed);
          else printTable(listed.map((member) => ({ email: member.email ?? "(revoked)", name: member.display_name, role: member.role, status: member.approval_status })));
        }),
      ),
    );

  const periods = members.command("periods").description("mentors' active periods: list them (the default), add one or end an open one (coordinators, admins)");

  periods
    .command("list", { isDefault: true })
    .description("the active periods the actor may read (coordinators and admins all, a mentor their own)")
    .requiredOption("--org <name-or-id>", orgOption)
    .action((options: { org: string }) =>
      runCommand(() =>
        withTarget(program, options.org, async (t) => {
          const listed = await unwrap(t.members.listActivePeriods(t.organisation.id), t.organisation);
          if (json()) {
            printJson(listed);
            return;
          }
          const names = await unwrap(fetchMemberNames(t.actor.transport, t.organisation.id), t.organisation);
          if (listed.length === 0) console.log(`no active periods of ${t.organisation.name} that ${t.actor.label} may read`);
          else printTable(listed.map((period: MentorActivePeriod) => ({ mentor: mentorLabel(names, period.mentor_id), from: period.active_from, to: period.active_to ?? "(open)" })));
        }),
      ),
    );

  periods
    .command("end")
    .description("end a mentor's open active period on a given day (coordinators, admins)")
    .requiredOption("--org <name-or-id>", orgOption)
    .requiredOption("--email <address>", "the mentor's e-mail address")
    .requiredOption("--on <date>", "the last active day, YYYY-MM-DD")
    .action((options: { org: string; email: string; on: string }) =>
      runCommand(() => {
        const on = dateArgument("on", options.on);
        return withTarget(program, options.org, async (t) => {
          const mentorId = await userIdByEmail(t.session, options.email);
          const listed = await unwrap(t.members.listActivePeriods(t.organisation.id), t.organisation);
          const open = listed.find((period) => period.mentor_id === mentorId && period.active_to === null);
          if (open === undefined) {
            throw new CliFailure(`${shorten(options.email)} has no open active period in ${shorten(t.organisation.name)} that ${t.actor.label} may read`, EXIT.query, "no_open_period");
          }
          const ended = await unwrap(t.members.endActivePeriod(t.organisation.id, open.id, on), t.organisation);
          if (json()) printJson(ended);
          else printFields({ organisation: t.organisation.name, mentor: options.email.trim().toLowerCase(), from: ended.active_from, to: ended.active_to ?? "(open)" });
        });
      }),
    );

  periods
    .command("add")
    .description("record a period in which a peer mentor is active (Bufdir counts only active, approved mentors)")
    .requiredOption("--org <name-or-id>", orgOption)
    .requiredOption("--email <address>", "the mentor's e-mail address")
    .requiredOption("--from <date>", "the first active day, YYYY-MM-DD")
    .option("--to <date>", "the last active day, YYYY-MM-DD (default: open-ended)")
    .action((options: { org: string; email: string; from: string; to?: string }) =>
      runCommand(() => {
        const from = dateArgument("from", options.from);
        const to = options.to === undefined ? null : dateArgument("to", options.to);
        return withTarget(program, options.org, async (t) => {
          const mentorId = await userIdByEmail(t.session, options.email);
          const added = await unwrap(t.members.addActivePeriod({ organisationId: t.organisation.id, mentorId, from, to }), t.organisation);
          if (json()) printJson(added);
          else printFields({ organisation: t.organisation.name, mentor: options.email.trim().toLowerCase(), from: added.active_from, to: added.active_to ?? "(open)" });
        });
      }),
    );
}
