/**
 * The statements that create organisations and their rosters: users, memberships
 * with roles and approval statuses, and mentors' active periods.
 *
 * A mentor's status and periods follow from their slot number (1-based), so every
 * organisation with enough mentors has each case (checked in this order):
 *
 * | slot | status | active periods |
 * | --- | --- | --- |
 * | last slot, from the second organisation (mentor 1 of the previous one) | approved | from the previous year on |
 * | 3, 10, 17, … (slot % 7 = 3) | pending | from 1 February on |
 * | 5, 16, … (slot % 11 = 5) | revoked | previous year until 30 April |
 * | 4, 9, 14, … (slot % 5 = 4) | approved | previous March until 31 May: inactive from June |
 * | 6, 12, … (slot % 6 = 0) | approved | from 1 March on: started this year |
 * | 7, 15, … (slot % 8 = 7) | approved | previous September until end of February, and from 1 May on: a break |
 * | any other | approved | from the first of a month of the previous year on |
 */
import type pg from "pg";
import type { ResolvedSeedOptions } from "./seed-options.ts";
import { emailSql, organisationIdSql, userIdSql } from "./seed-people.ts";
import { hashInt, SEED_PARAM, seedUuid } from "./seed-sql.ts";
import { FIRST_NAMES, LAST_NAMES, MUNICIPALITIES } from "./seed-vocabulary.ts";

/**
 * One statement for every organisation: ids from the seed, named after their
 * home municipality (organisation n is based in MUNICIPALITIES[n - 1], cycling).
 *
 * @example
 * await client.query(organisationsStatement(resolveSeedOptions()))
 */
export function organisationsStatement(options: ResolvedSeedOptions): pg.QueryConfig {
  return {
    text: `
      insert into public.organisations (id, name, created_at, updated_at)
      select ${organisationIdSql("o")},
             'Likepersonsforeningen ' || ($2::text[])[1 + (o - 1) % cardinality($2::text[])]
               || case when o > cardinality($2::text[]) then ' ' || (1 + (o - 1) / cardinality($2::text[])) else '' end,
             make_timestamptz($3::int - 2, 1, 1, 12, 0, 0, 'UTC') + (o - 1) * interval '1 day',
             make_timestamptz($3::int - 2, 1, 1, 12, 0, 0, 'UTC') + (o - 1) * interval '1 day'
      from generate_series(1, $4::int) o`,
    values: [options.seed, MUNICIPALITIES.map((m) => m.name), options.year, options.organisations],
  };
}

/**
 * One statement for one organisation's roster: its own users (admin,
 * coordinator, mentors), every membership (including the two people it shares
 * with the previous organisation), and the mentors' active periods. The
 * previous organisation's roster must exist already.
 *
 * @example
 * for (let n = 1; n <= options.organisations; n++) await client.query(rosterStatement(options, n))
 */
export function rosterStatement(options: ResolvedSeedOptions, organisation: number): pg.QueryConfig {
  const email = emailSql("r.owner", "r.person_kind", "r.person_number");
  return {
    text: `
      with roster as (
        select 'admin' as role, 0 as slot, $2::int as owner, 'admin' as person_kind, 0 as person_number, false as shared
        union all
        select 'coordinator', 0, $2::int, 'coordinator', 0, false
        union all
        -- A mentor of the previous organisation who coordinates this one.
        select 'coordinator', 0, $2::int - 1, 'mentor', 2, true where $2::int > 1
        union all
        -- The last slot is a mentor of the previous organisation: a mentor in two organisations.
        select 'peer_mentor', s, case when x.shared then $2::int - 1 else $2::int end, 'mentor',
               case when x.shared then 1 else s end, x.shared
        from generate_series(1, $3::int) s
        cross join lateral (select $2::int > 1 and s = $3::int as shared) x
      ), people as (
        select r.*, ${email} as email, md5(${SEED_PARAM} || ':person:' || ${email}) as h
        from roster r
      ), described as (
        select p.*,
               ${userIdSql("p.email")} as user_id,
               case when p.role <> 'peer_mentor' then 'staff'
                    when p.shared then 'shared'
                    when p.slot % 7 = 3 then 'pending'
                    when p.slot % 11 = 5 then 'revoked'
                    when p.slot % 5 = 4 then 'stopped'
                    when p.slot % 6 = 0 then 'started'
                    when p.slot % 8 = 7 then 'break'
                    else 'steady' end as pattern,
               make_timestamptz($4::int - 1, 1, 1, 9, 0, 0, 'UTC')
                 + ${hashInt("p.h", 1, 4)} % 300 * interval '1 day' as joined_at
        from people p
      ), periods as (
        select d.*,
               case d.pattern when 'pending' then 'pending' when 'revoked' then 'revoked' else 'approved' end as approval_status,
               case d.pattern when 'staff' then null
                              when 'shared' then make_date($4::int - 1, 1, 1)
                              when 'pending' then make_date($4::int, 2, 1)
                              when 'revoked' then make_date($4::int - 1, 1, 1)
                              when 'stopped' then make_date($4::int - 1, 3, 1)
                              when 'started' then make_date($4::int, 3, 1)
                              when 'break' then make_date($4::int - 1, 9, 1)
                              else make_date($4::int - 1, 1 + ${hashInt("d.h", 5, 2)} % 12, 1) end as first_from,
               case d.pattern when 'revoked' then make_date($4::int, 4, 30)
                              when 'stopped' then make_date($4::int, 5, 31)
                              when 'break' then make_date($4::int, 3, 1) - 1 end as first_to,
               case d.pattern when 'break' then make_date($4::int, 5, 1) end as second_from
        from described d
      ), new_users as (
        insert into auth.users (id, email, raw_user_meta_data, created_at, updated_at)
        select p.user_id, p.email,
               jsonb_build_object('full_name',
                 ($5::text[])[1 + ${hashInt("p.h", 7, 4)} % cardinality($5::text[])] || ' ' ||
                 ($6::text[])[1 + ${hashInt("p.h", 11, 4)} % cardinality($6::text[])]),
               p.joined_at, p.joined_at
        from periods p
        where p.owner = $2::int
      ), new_members as (
        insert into public.members (org_id, user_id, role, approval_status, created_at, updated_at)
        select ${organisationIdSql("$2::int")}, p.user_id, p.role::public.member_role,
               p.approval_status::public.approval_status, p.joined_at, p.joined_at
        from periods p
      )
      insert into public.mentor_active_periods (org_id, id, mentor_id, active_from, active_to, created_at)
      select ${organisationIdSql("$2::int")},
             ${seedUuid(`${SEED_PARAM} || ':period:' || $2::int || ':' || p.email || ':' || v.n`)},
             p.user_id, v.active_from, v.active_to,
             v.active_from::timestamp at time zone 'UTC' + interval '10 hours'
      from periods p
      cross join lateral (values (1, p.first_from, p.first_to), (2, p.second_from, null::date)) v(n, active_from, active_to)
      where v.active_from is not null`,
    values: [options.seed, organisation, options.mentorsPerOrganisation, options.year, FIRST_NAMES, LAST_NAMES],
  };
}
