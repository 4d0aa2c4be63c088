/**
 * The statement that creates a range of one organisation's activities with their
 * mentors and participants, over every registration path and activity kind.
 *
 * Activity i's attributes are a function of (seed, organisation, i) alone, so
 * chunks can be made in any order and size. How the year looks:
 *
 * - Dates follow weekday and month weights: few at weekends, a dip in July and
 *   at Christmas.
 * - Kinds: about 35 % in-person outreach, 23 % phone or digital, 23 % groups,
 *   8 % mentor courses, 10 % other; durations and participant counts by kind,
 *   some just under Bufdir's thresholds (groups of 40 minutes or 2 people,
 *   courses of 60 minutes).
 * - Paths: mentors fall into two pools by slot. Those in slots 2, 6, 10, … do not
 *   register themselves: their coordinator enters their activities (proxy). The
 *   others register their own (direct). About 5 % are coordinators' bulk entries
 *   of anonymous head counts, led by any mentor.
 * - Every DUPLICATE_EVERY-th activity is a coordinator's proxy entry of the direct
 *   entry just before it: same date, kind, mentors and contacts (the merge rule
 *   2 of db/fixtures/README.md). No other proxy entry can match a direct one,
 *   because pools never mix within an activity, so exactly
 *   floor(count / DUPLICATE_EVERY) activities are proxy duplicates.
 * - About 3 % are soft-deleted (never a duplicate or its original), about 2 %
 *   took place abroad, about 5 % have no municipality.
 * - Outreach, phone and other activities meet the lead mentor's regular contacts,
 *   so mentors meet the same people on the same day now and then (rule 5).
 */
import type pg from "pg";
import type { ResolvedSeedOptions } from "./seed-options.ts";
import { contactIdSql, emailSql, mentorEmailSql, organisationIdSql, userIdSql } from "./seed-people.ts";
import { hashInt, SEED_PARAM, seedUuid } from "./seed-sql.ts";
import { MUNICIPALITIES, MUNICIPALITY_CODE_VERSION } from "./seed-vocabulary.ts";

/**
 * Every n-th activity of an organisation is a proxy duplicate of the one before.
 *
 * @example
 * Math.floor(1500 / DUPLICATE_EVERY) // 37 proxy duplicates among 1500 activities
 */
export const DUPLICATE_EVERY = 40;

/** Dates are drawn through a table of this many equally likely buckets. */
const DAY_BUCKETS = 4096;

/** Mentors in the "proxy" pool per organisation: slots 2, 6, 10, … */
const PROXY_POOL_SIZE = "(($4::int + 2) / 4)";

/**
 * SQL: the slot (1-based) of the mentor at 0-based `positionSql` in pool
 * `poolSql`: 'proxy' holds slots 2, 6, 10, …; 'direct' holds 1, 3, 4, 5, 7, 8, …;
 * 'all' holds every slot.
 */
function slotInPool(poolSql: string, positionSql: string): string {
  return `(case ${poolSql}
             when 'proxy' then 4 * (${positionSql}) + 2
             when 'direct' then 4 * ((${positionSql}) / 3) + (array[1, 3, 4])[(${positionSql}) % 3 + 1]
             else (${positionSql}) + 1 end)`;
}

/**
 * Activities `from` .. `to` (1-based, inclusive) of organisation `organisation`,
 * with their mentors and participants, in one statement. The organisation's
 * roster and contacts must exist.
 *
 * @example
 * await client.query(activitiesStatement(options, 1, 1, 10_000))
 */
export function activitiesStatement(options: ResolvedSeedOptions, organisation: number, from: number, to: number): pg.QueryConfig {
  const userOf = (kind: string) => userIdSql(emailSql("$2::int", `'${kind}'`, "0"));
  return {
    text: `
      with days as (
        -- Relative weights: weekday times month (a dip in July and December).
        select make_date($3::int, 1, 1) + g as day,
               (case extract(isodow from make_date($3::int, 1, 1) + g)::int when 5 then 7 when 6 then 3 when 7 then 2 else 10 end)
               * (array[90, 100, 110, 95, 100, 85, 30, 80, 115, 115, 110, 60])[extract(month from make_date($3::int, 1, 1) + g)::int] as weight
        from generate_series(0, make_date($3::int + 1, 1, 1) - make_date($3::int, 1, 1) - 1) g
      ), cumulative as (
        select day, sum(weight) over (order by day) - weight as lo, sum(weight) over (order by day) as hi,
               sum(weight) over () as total
        from days
      ), buckets as materialized (
        -- Bucket b belongs to the day whose weight range holds (b + 0.5) / ${DAY_BUCKETS} of the total;
        -- integer sums make the ranges meet exactly, so every bucket has one day.
        select b as bucket, c.day
        from cumulative c
        cross join lateral generate_series(
          ceil((2 * ${DAY_BUCKETS} * c.lo - c.total)::numeric / (2 * c.total))::int,
          ceil((2 * ${DAY_BUCKETS} * c.hi - c.total)::numeric / (2 * c.total))::int - 1) b
      ), entries as (
        -- A duplicate takes every attribute from its original (base); only its id,
        -- path, registrar and timestamps are its own.
        select i,
               case when i % ${DUPLICATE_EVERY} = 0 then i - 1 else i end as base,
               i % ${DUPLICATE_EVERY} = 0 as is_duplicate
        from generate_series($6::int, $7::int) i
      ), hashed as materialized (
        -- Materialized, as is drawn: each hash and draw is computed once, not once per reference.
        select e.*,
               (e.base + 1) % ${DUPLICATE_EVERY} = 0 as is_original,
               md5(${SEED_PARAM} || ':activity:' || $2::int || ':' || e.base) as h,
               md5(${SEED_PARAM} || ':activity-time:' || $2::int || ':' || e.base) as ht,
               md5(${SEED_PARAM} || ':activity-entry:' || $2::int || ':' || e.i) as he
        from entries e
      ), drawn as materialized (
        select x.i, x.is_duplicate, x.is_original,
               ${hashInt("x.h", 1, 3)} as u_day,
               ${hashInt("x.h", 4, 2)} as u_kind,
               ${hashInt("x.h", 6, 2)} as u_pool,
               ${hashInt("x.h", 8, 4)} as u_lead,
               ${hashInt("x.h", 12, 2)} as u_mentors,
               ${hashInt("x.h", 14, 2)} as u_contacts,
               ${hashInt("x.h", 16, 4)} as u_contact,
               ${hashInt("x.h", 20, 2)} as u_minutes,
               ${hashInt("x.h", 22, 2)} as u_anonymous,
               ${hashInt("x.h", 24, 2)} as u_place,
               ${hashInt("x.h", 26, 2)} as u_municipality,
               ${hashInt("x.h", 28, 2)} as u_bulk,
               ${hashInt("x.h", 30, 2)} as u_abroad,
               ${hashInt("x.ht", 1, 2)} as u_lag,
               ${hashInt("x.ht", 3, 2)} as u_hour,
               ${hashInt("x.ht", 5, 2)} as u_minute,
               ${hashInt("x.he", 1, 2)} as u_entry_lag,
               ${hashInt("x.he", 3, 2)} as u_entry_hour,
               ${hashInt("x.he", 5, 2)} as u_deleted,
               ${hashInt("x.he", 7, 2)} as u_registrar
        from hashed x
      ), classified as (
        select d.*, b.day,
               not d.is_original and d.u_bulk < 13 as is_bulk
        from drawn d
        join buckets b on b.bucket = d.u_day
      ), kinded as (
        select c.*,
               case when c.is_bulk then case when c.u_kind < 180 then 'group_meeting' else 'other' end
                    when c.u_kind < 90 then 'in_person_outreach'
                    when c.u_kind < 150 then 'phone_or_digital'
                    when c.u_kind < 210 then 'group_meeting'
                    when c.u_kind < 230 then 'mentor_course'
                    else 'other' end as kind,
               -- Proxy-pool mentors lead about their share of activities.
               case when c.is_bulk then 'all'
                    when c.is_original then 'direct'
                    when c.u_pool * $4::int < 256 * ${PROXY_POOL_SIZE} then 'proxy'
                    else 'direct' end as pool,
               c.u_abroad >= 5 as in_norway
        from classified c
      ), sized as (
        select k.*,
               case k.pool when 'proxy' then ${PROXY_POOL_SIZE}
                           when 'direct' then $4::int - ${PROXY_POOL_SIZE}
                           else $4::int end as pool_size,
               case k.kind when 'group_meeting' then 1 + (k.u_mentors < 77)::int
                           when 'mentor_course' then 1 + k.u_mentors % 3
                           else 1 end as wanted_mentors,
               case when k.is_bulk then 0
                    when k.kind = 'in_person_outreach' then case when k.u_contacts < 8 then 0 when k.u_contacts < 230 then 1 else 2 end
                    when k.kind = 'phone_or_digital' then case when k.u_contacts < 10 then 0 else 1 end
                    when k.kind = 'group_meeting' then 2 + k.u_contacts % 7
                    when k.kind = 'mentor_course' then 0
                    else k.u_contacts % 3 end as contact_count,
               case k.kind when 'in_person_outreach' then 30 + 15 * (k.u_minutes % 9)
                           when 'phone_or_digital' then 10 + 5 * (k.u_minutes % 11)
                           when 'group_meeting' then case when k.u_minutes % 10 = 0 then 40 else 45 + 15 * (k.u_minutes % 8) end
                           when 'mentor_course' then case when k.u_minutes % 8 = 0 then 60 else 90 + 30 * (k.u_minutes % 10) end
                           else 20 + 10 * (k.u_minutes % 10) end as minutes,
               case when not k.in_norway or k.u_municipality < 12 then null
                    when k.u_place < 160 then ($8::text[])[1 + ($2::int - 1) % cardinality($8::text[])]
                    else ($8::text[])[1 + k.u_municipality % cardinality($8::text[])] end as municipality_code,
               case when k.is_bulk then 'bulk'
                    when k.is_duplicate or k.pool = 'proxy' then 'proxy'
                    else 'direct' end as path
        from kinded k
      ), placed as (
        select s.*,
               least(s.wanted_mentors, s.pool_size) as mentor_count,
               s.u_lead % s.pool_size as lead_position,
               ${slotInPool("s.pool", "s.u_lead % s.pool_size")} as lead_slot,
               case when s.is_bulk then case when s.kind = 'group_meeting' then 3 + s.u_anonymous % 28 else 1 + s.u_anonymous % 40 end
                    when s.kind in ('in_person_outreach', 'phone_or_digital') and s.contact_count = 0 then 1
                    when s.kind = 'group_meeting' and s.u_anonymous < 80 then s.u_anonymous % 5
                    else 0 end as anonymous,
               ((s.day + s.u_lag % 3)::timestamp
                 + make_interval(hours => 8 + s.u_hour % 14, mins => s.u_minute % 60)) at time zone 'UTC' as own_entry_at
        from sized s
      ), timed as (
        select p.*,
               case p.path
                 when 'direct' then p.own_entry_at
                 when 'proxy' then case when p.is_duplicate
                                        then p.own_entry_at + make_interval(days => 1 + p.u_entry_lag % 10, hours => p.u_entry_hour % 6)
                                        else ((p.day + 1 + p.u_entry_lag % 14)::timestamp
                                               + make_interval(hours => 9 + p.u_entry_hour % 8)) at time zone 'UTC' end
                 -- Bulk entries are typed in at the turn of the month.
                 else (date_trunc('month', p.day::timestamp) + interval '1 month'
                        + make_interval(days => p.u_entry_lag % 5, hours => 14)) at time zone 'UTC' end as created_at,
               -- Regular contacts of the lead mentor for one-to-one activities, any for groups.
               case when p.kind in ('in_person_outreach', 'phone_or_digital', 'other')
                    then (p.lead_slot * 5 + p.u_contact % 8) % $5::int
                    else p.u_contact % $5::int end as first_contact
        from placed p
      ), organisation as materialized (
        select ${organisationIdSql("$2::int")} as org_id
      ), generated as (
        select o.org_id,
               ${seedUuid(`${SEED_PARAM} || ':activity-id:' || $2::int || ':' || t.i`)} as id,
               t.*,
               case when not t.is_duplicate and not t.is_original and t.u_deleted < 8
                    then t.created_at + make_interval(days => 1 + t.u_deleted, hours => 2) end as deleted_at,
               case t.path
                 when 'direct' then ${userIdSql(mentorEmailSql("$2::int", "t.lead_slot", "$4::int"))}
                 when 'proxy' then case when $2::int > 1 and t.u_registrar < 64
                                        then ${userIdSql(emailSql("($2::int - 1)", "'mentor'", "2"))}
                                        else ${userOf("coordinator")} end
                 else case when t.u_registrar < 192 then ${userOf("coordinator")} else ${userOf("admin")} end
               end as registered_by
        from timed t
        cross join organisation o
      ), new_activities as (
        insert into public.activities
          (org_id, id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code,
           municipality_code_version, in_norway, registration_path, registered_by, created_at, updated_at, deleted_at)
        select g.org_id, g.id, g.kind::public.activity_kind, g.day, g.minutes, g.anonymous, g.municipality_code,
               case when g.municipality_code is not null then $9::text end, g.in_norway,
               g.path::public.registration_path, g.registered_by, g.created_at, coalesce(g.deleted_at, g.created_at),
               g.deleted_at
        from generated g
      ), new_mentors as (
        insert into public.activity_mentors (org_id, activity_id, mentor_id)
        select g.org_id, g.id,
               ${userIdSql(mentorEmailSql("$2::int", slotInPool("g.pool", "(g.lead_position + k) % g.pool_size"), "$4::int"))}
        from generated g
        cross join lateral generate_series(0, g.mentor_count - 1) k
      )
      insert into public.activity_participants (org_id, activity_id, contact_id)
      select g.org_id, g.id, ${contactIdSql("$2::int", "1 + (g.first_contact + j) % $5::int")}
      from generated g
      cross join lateral generate_series(0, g.contact_count - 1) j`,
    values: [
      options.seed, organisation, options.year, options.mentorsPerOrganisation, options.contactsPerOrganisation,
      from, to, MUNICIPALITIES.map((m) => m.code), MUNICIPALITY_CODE_VERSION,
    ],
  };
}
