-- Purpose: state counting rule tests in their steps.
-- Why: every function pins its search_path, as Supabase's advisor asks (lint
-- 0011 lists each one that does not), and PostgreSQL never inlines a function
-- with a setting: the rules' tests as functions of their own would cost one
-- call per activity and rule. Each test is now stated once, in the step of
-- private.figure_parts named after its rule; latest_counting_logic pins its
-- search_path too. An entry with two or more mentors is looked up in hashed
-- tables, no longer by a join made again for every such entry.
-- Objects: db/src/private/activity_sets_by_id.sql, db/src/private/activity_sets_in_key_order.sql, db/src/private/figure_parts.sql, db/src/private/latest_counting_logic.sql, db/src/private/rule2_fingerprint_term.sql, db/src/private/rule2_merge_target.sql, db/src/private/rule2_mergeable.sql, db/src/private/rule2_takes_twin_place.sql, db/src/private/rule2_twins.sql, db/src/private/rule3_failure.sql, db/src/private/rule4_active_mentor.sql, db/src/private/rule4_held_for_review.sql, db/src/private/rule4_left_out.sql, db/src/private/rule5_new_for_mentor.sql, db/src/private/rule6_participants.sql, db/src/private/rule7_wanted.sql.
-- Written by `make migration`: up is the new text of these files, down their text at 95093bb.

-- migrate:up
comment on function private.rule2_fingerprint_term(member uuid) is null;

comment on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is null;

comment on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is null;

comment on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is null;

comment on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) is null;

comment on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is null;

comment on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) is null;

comment on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) is null;

comment on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) is null;

comment on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) is null;

drop function if exists private.rule2_fingerprint_term(uuid);

drop function if exists private.rule2_merge_target(integer, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_mergeable(integer, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_takes_twin_place(integer, timestamp with time zone, uuid, timestamp with time zone, uuid);

drop function if exists private.rule2_twins(integer, date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[], date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[]);

drop function if exists private.rule3_failure(integer, public.activity_kind[], boolean, integer, integer, integer, integer, public.activity_kind, boolean, integer, integer);

drop function if exists private.rule4_active_mentor(integer, public.approval_status, date, date, date);

drop function if exists private.rule4_held_for_review(integer, integer, integer, integer, integer, integer, integer, timestamp with time zone);

drop function if exists private.rule4_left_out(integer, boolean, boolean);

drop function if exists private.rule5_new_for_mentor(integer, boolean, boolean);

drop function if exists private.rule6_participants(integer, uuid[], integer);

drop function if exists private.rule7_wanted(boolean, uuid[], uuid);

-- db/src/private/latest_counting_logic.sql
-- The newest counting logic this code implements. Each rules row names the logic
-- its thresholds are read with (bufdir_counting_rules.logic_version), and the
-- rules' tests (private.figure_parts) branch on it; a row may name no later logic
-- than this (bufdir_counting_rules_logic_version_check). A logic change raises it
-- together with the branch it adds (db/fixtures/README.md, "Changing a counting
-- rule").
create or replace function private.latest_counting_logic() returns integer
    language sql immutable parallel safe
    set search_path to 'pg_catalog', 'pg_temp'
    return 1;

comment on function private.latest_counting_logic() is 'The newest counting logic (bufdir_counting_rules.logic_version) the rules'' tests in private.figure_parts implement: 1, the rules as db/fixtures/README.md states them for 2026.1.';

revoke all on function private.latest_counting_logic() from public, anon, authenticated, service_role;

-- db/src/private/activity_sets_by_id.sql
-- The same for a few days: their activities found by date, their links looked
-- up by id and hashed.
create or replace function private.activity_sets_by_id(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    set enable_sort to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprint of a set: the sum of its members' hashes, equal for equal sets
  -- whatever their order (the twin test compares the sets themselves).
  with scope as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.municipality_code, a.duration_minutes,
           a.anonymous_participants, a.in_norway, a.created_at, a.review_confirmed_at
    from public.activities a
    where a.org_id = activity_sets_by_id.org_id
      and a.activity_date = any (activity_sets_by_id.days)
      and a.deleted_at is null
  )
  select s.id, s.activity_date, s.kind, s.registration_path, coalesce(left(s.municipality_code, 2), 'unknown'),
         s.duration_minutes, s.anonymous_participants, s.in_norway, s.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         s.review_confirmed_at
  from scope s
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(pg_catalog.uuid_hash(am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_by_id.org_id and am.activity_id = any (array(select s.id from scope s))
    group by am.activity_id
  ) m on m.activity_id = s.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(pg_catalog.uuid_hash(ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_by_id.org_id and ap.activity_id = any (array(select s.id from scope s))
    group by ap.activity_id
  ) c on c.activity_id = s.id
$$;

comment on function private.activity_sets_by_id(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, looking their links up by id (for days holding a small share of the organisation).';

revoke all on function private.activity_sets_by_id(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/activity_sets_in_key_order.sql
-- The live activities of an organisation's days with their mentor and contact
-- sets (in no particular order) and an order-free fingerprint of each set, from
-- the organisation's activities and link tables read in primary-key order and
-- merged: no sort, no hash table, whatever the statistics say.
create or replace function private.activity_sets_in_key_order(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'on'
    set enable_hashagg to 'off'
    set enable_sort to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'off'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprint of a set: the sum of its members' hashes, equal for equal sets
  -- whatever their order (the twin test compares the sets themselves).
  select a.id, a.activity_date, a.kind, a.registration_path, coalesce(left(a.municipality_code, 2), 'unknown'),
         a.duration_minutes, a.anonymous_participants, a.in_norway, a.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         a.review_confirmed_at
  from public.activities a
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(pg_catalog.uuid_hash(am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_in_key_order.org_id
    group by am.activity_id
  ) m on m.activity_id = a.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(pg_catalog.uuid_hash(ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_in_key_order.org_id
    group by ap.activity_id
  ) c on c.activity_id = a.id
  where a.org_id = activity_sets_in_key_order.org_id
    -- Contiguous days are one range: a binary search per activity, not a scan of the array.
    and a.activity_date <@ (select private.days_as_multirange(days => activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;

comment on function private.activity_sets_in_key_order(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, reading the organisation''s activities and links in key order (for days holding much of the organisation).';

revoke all on function private.activity_sets_in_key_order(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/figure_parts.sql
-- THE COUNTING RULES IN CODE. The rules are stated in db/fixtures/README.md
-- ("Counting rules"); each has its steps here, named after it, and its test is
-- stated once, in the step named below, as a comment-headed expression ("Rule
-- N's test") whose result later steps read by name. The tests are written
-- here, not as functions of their own: a function that pins its search_path
-- (every function does, as Supabase's advisor asks) is never inlined, and one
-- call per activity and rule costs more than the whole classification
-- (db/README.md, "Conventions"). A change to a rule starts at its test, then
-- its steps; db/fixtures/README.md says what else it touches ("Changing a
-- counting rule").
--
-- Which rules: a period is read under the rules row in force on its start
-- (hidden.rules_in_force: the latest valid_from on or before it); a snapshot
-- keeps its rule_version, and verify_metric_snapshot and the export recompute
-- it under that version (private.aggregate_figures' rule_version). The row's
-- thresholds are read as (figure_parts.rules).field, and its logic_version
-- names the logic they are read with (1 for every version so far;
-- private.latest_counting_logic() is the newest this code implements). A
-- logic change adds a branch on (figure_parts.rules).logic_version to the
-- rule's test and keeps the old one, so periods of earlier versions recompute
-- as they were.
--
-- Per rule: where its test is stated, its steps, the pgTAP files that cover it
-- (db/tests/snapshots/ unless named; "fixture" is hand-worked-figures and
-- entry-verdicts, entry by entry, with the entries db/fixtures/README.md names)
-- and the oracle's parts (db/tests/support/30-metrics-oracle.sql).
--
-- rule 1, period: the live activities of the days, their mentor and contact sets
--   test       the scan's own conditions (by date, deleted_at is null)
--   steps      rule1_entries; private.activity_sets_by_id and
--              private.activity_sets_in_key_order
--   covered    fixture (A14, A17, A18); differential-aggregation
--   oracle     raw
-- rule 2, proxy twins merge
--   test       rule2_duplicates' join (the twin test); the sides in
--              rule2_proxies (a proxy entry in scope) and rule2_twin_candidates
--              (a direct one in scope); the merged entry's place in rule2_places
--   steps      rule2_proxies, rule2_twin_candidates (prefilter: the same values
--              and the sets' fingerprints, sums of uuid_hash made by the
--              activity-set functions), rule2_duplicates, rule2_places;
--              is_duplicate in rule3_qualifying; the place in rule5_mentor_entries
--   covered    fixture (A06, A20, C04-C07); differential-aggregation
--   oracle     entries.event_key, merges, duplicates, places
-- rule 3, counting kinds and thresholds
--   test       fails_rule_3 in rule3_qualifying (null: qualifies)
--   steps      rule3_qualifying
--   covered    fixture (A07-A12, A15, A19, C05); differential-aggregation
--   oracle     classified.qualifies
-- rule 4, who counts (left out: no active mentor, then held for review)
--   test       the mentor's in rule4_active_days; the entry's, left_out in
--              rule4_scope
--   steps      rule4_active_days, rule4_scope; the mentors looked up in
--              rule5_mentor_entries
--   covered    fixture (A13, A21, C09, C10); held-for-review (C16-C18);
--              activities/review-limits; differential-aggregation
--   oracle     active_sets, entries.left_out
-- rule 5, same day, per mentor
--   test       new in rule5_verdicts
--   steps      rule5_mentor_entries, rule5_ranked, rule5_first_mentions,
--              rule5_verdicts, rule5_counting (new for at least one mentor)
--   covered    fixture (A02-A04, C01-C03, C07, C08, C11-C15);
--              differential-aggregation; rule-logic-versions (a logic 2 of it)
--   oracle     per_mentor, per_mentor_contact, new_for_a_mentor
-- rule 6, the other figures
--   test       participants in rule1_entries (rule 3's thresholds read it too)
--   steps      the final select: cells (part 'cell'), distinct contacts and
--              mentors ('contact', 'mentor'); private.figure_documents makes them
--              figures, private.aggregate_figures adds the days up
--   covered    fixture (every figure of A, B and C); day-partials (the same
--              stored per day); differential-aggregation
--   oracle     the final jsonb_build_object
-- rule 7, per mentor
--   test       the mentors wanted: every_mentor, or one of mentor_ids
--   steps      rule7_mentor_entries, rule7_mentor_counting, the mentor scopes of
--              the final select
--   covered    fixture (expected-figures.csv's mentor rows);
--              summaries/periodic-summaries; differential-aggregation
--   oracle     final (its mentor filter)
-- verdicts     part 'entry' of the final select: the step that decided each
--              entry, in the rules' order (hidden.explain_entries); covered by
--              entry-verdicts and activities/explain-activities
--
-- The oracle shares no test and no step with this code, on purpose: it
-- states each rule again (rule 2 as one text key, rule 3 as a positive
-- condition, rule 4 from the active periods, rule 5 with windows) so that it
-- cannot agree by construction; the differential test compares every figure of
-- generated organisations, and of each of their mentors, with it.
--
-- Planner settings below are measured, not defaults: db/README.md, "Measured
-- and tuned", lists every setting in db/src, why, and the bench line it holds.
create or replace function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean default false) returns table(scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text, left_out public.left_out_reason, activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint, member uuid, member_days datemultirange, members bigint, entry uuid, verdict public.entry_verdict, merged_into uuid)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashagg to 'on'
    set enable_sort to 'off'
    set enable_seqscan to 'on'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set max_parallel_workers_per_gather to '0'
    set work_mem to '16MB'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Steps are
  -- named by the counting rule they apply (db/src/private/figure_parts.sql maps
  -- each rule to its steps and tests).
  with links_by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), rule4_active_days as (
    -- Rule 4: the days (of those asked for) each mentor counts.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
      -- Rule 4's test for a mentor: approved, on a day of an active period (the
      -- series is the period's days among those asked for; an open one has no end).
      and mem.approval_status = 'approved'
  ), rule1_entries as not materialized (
    -- Rule 1: the live activities of the days with their sets, and the
    -- organisation's review limits (read once, an init plan). Rule 6's
    -- participants of an entry: its known contacts and its anonymous head count
    -- (rule 3's thresholds count the same).
    select u.*, cardinality(u.contacts) + u.anonymous as participants,
           (select private.review_limits_of(org_id => figure_parts.org_id)) as limits
    from (
      select * from private.activity_sets_by_id(org_id => figure_parts.org_id, days => figure_parts.days)
      where (select b.chosen from links_by_id b)
      union all
      select * from private.activity_sets_in_key_order(org_id => figure_parts.org_id, days => figure_parts.days)
      where not (select b.chosen from links_by_id b)
    ) u
  ), rule4_scope as materialized (
    -- Rule 4: each activity with the reason it is left out of every figure, if
    -- any: none of its mentors active on its date, then held for review.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.participants, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
           case
             -- Rule 4's test for an entry: left out when no mentor of it is
             -- active on its date. Each lookup is a hash table made once for the
             -- step; one or two mentors (nearly every entry) need no subquery per
             -- entry. (A lookup in a subquery's WHERE would become a join, made
             -- again for every entry.)
             when not case cardinality(s.mentors)
                        when 0 then false
                        when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                        when 2 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                                 or (s.mentors[2], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                        else (select bool_or((m.mentor_id, s.day) in (select e.mentor_id, e.day from rule4_active_days e))
                              from unnest(s.mentors) m(mentor_id))
                      end
               then 'no_active_mentor'::public.left_out_reason
             -- Then held for review: above a review limit that is set (null:
             -- no limit), and not confirmed.
             when s.review_confirmed_at is null
                  and (coalesce(s.minutes > (s.limits).max_minutes_per_activity, false)
                       or coalesce(s.anonymous > (s.limits).max_anonymous_participants, false)
                       or coalesce(cardinality(s.contacts) > (s.limits).max_known_participants, false))
               then 'held_for_review'::public.left_out_reason
           end as left_out
    from rule1_entries s
  ), rule2_proxies as materialized (
    -- Rule 2 merges only proxy entries in scope (not left out by rule 4), usually
    -- a small share; bulk entries never merge.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from rule4_scope p
    where p.path = 'proxy' and p.left_out is null
  ), rule2_twin_candidates as materialized (
    -- The entries a proxy twin merges into: direct ones in scope. Those agreeing
    -- with a proxy entry on every value rule 2 compares and the set fingerprints:
    -- a prefilter the twin test implies (hashed lookups, the first of one column).
    select d.id, d.created_at, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from rule4_scope d
    where case when d.path = 'direct' and d.left_out is null
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from rule2_proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from rule2_proxies p)
            else false end
  ), rule2_duplicates as materialized (
    -- Rule 2's test: a proxy entry is a twin of a direct one when they agree on
    -- the date, the kind, every value a figure reads, and the sets of mentors
    -- and contacts (compared as sets: an activity lists a mentor or a contact
    -- once). Each proxy twin with the direct entry it merges into.
    select p.id, p.created_at, t.id as direct_id, t.created_at as direct_created_at
    from rule2_proxies p
    join rule2_twin_candidates t
      on t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
     and p.day = t.day and p.kind = t.kind and p.county = t.county and p.minutes = t.minutes
     and p.anonymous = t.anonymous and p.in_norway = t.in_norway
     and cardinality(p.mentors) = cardinality(t.mentors) and p.mentors <@ t.mentors
     and cardinality(p.contacts) = cardinality(t.contacts) and p.contacts <@ t.contacts
  ), rule2_places as materialized (
    -- Rule 2's order: a direct entry with merged twins takes, for rule 5, the
    -- place of the earliest registration among itself and them (created_at,
    -- then id).
    select distinct on (x.direct_id) x.direct_id, x.created_at, x.id
    from (select d.direct_id, d.created_at, d.id from rule2_duplicates d
          union all
          select d.direct_id, d.direct_created_at, d.direct_id from rule2_duplicates d) x
    order by x.direct_id, x.created_at, x.id
  ), rule3_qualifying as not materialized (
    -- With rule 2's mark: a merged proxy twin (only proxy entries are looked up).
    -- Rule 3's test: what is wrong with the entry's kind, place or size under
    -- the rules' thresholds, the first that applies (null: it qualifies); rule
    -- 5 counts only entries it passes, and a verdict names it.
    select a.*,
      case when a.path = 'proxy' then a.id in (select d.id from rule2_duplicates d) else false end as is_duplicate,
      case
        when not a.kind = any ((figure_parts.rules).counting_kinds) then 'kind_not_counted'::public.entry_verdict
        when not (a.in_norway or not (figure_parts.rules).require_in_norway) then 'abroad'::public.entry_verdict
        when a.kind = 'in_person_outreach' and a.participants < (figure_parts.rules).outreach_min_participants
          then 'too_few_participants'::public.entry_verdict
        when a.kind = 'group_meeting' and a.participants < (figure_parts.rules).group_min_participants
          then 'too_few_participants'::public.entry_verdict
        when a.kind = 'group_meeting' and a.minutes < (figure_parts.rules).group_min_minutes then 'too_short'::public.entry_verdict
        when a.kind = 'mentor_course' and a.minutes < (figure_parts.rules).course_min_minutes then 'too_short'::public.entry_verdict
      end as fails_rule_3
    from rule4_scope a
  ), rule5_mentor_entries as (
    -- Rule 5's entries: those in scope, not merged, qualifying; one row per
    -- active mentor, with the entry's place in registration order (rule 2).
    -- Arrays are unnested in select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             coalesce(m.created_at, q.created_at) as order_at, coalesce(m.id, q.id) as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from rule3_qualifying q
      left join rule2_places m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null and q.fails_rule_3 is null
    ) l
    -- An activity in scope with one mentor has them active (rule 4); others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from rule4_active_days e)
  ), rule5_ranked as materialized (
    -- Rule 5, per active mentor and day: the entries numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from rule5_mentor_entries l
  ), rule5_first_mentions as (
    -- The entries that are the first of the mentor's day to name a contact: the
    -- least number per (mentor, day, contact), hashed (the lookup below hashes
    -- the repeats away); the first of the day needs no lookup.
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from rule5_ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), rule5_verdicts as materialized (
    -- Rule 5's test, per active mentor and day in registration order: an entry
    -- is new for the mentor when it is their first of the day or the first to
    -- name one of its known contacts (anonymous head counts never make it new).
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           r.rank = 1 or (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from rule5_first_mentions n) as new
    from rule5_ranked r
  ), rule5_counting as not materialized (
    -- Rule 5: an entry counts when it is new for at least one of its active
    -- mentors: a single mentor's (active, so no arrays), and the co-mentored
    -- ones with their mentors and active mentors.
    select v.id, v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from rule5_verdicts v
    where v.one_mentor and v.new
    union all
    select v.id, min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from rule5_verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), rule7_mentor_entries as not materialized (
    -- Rule 7: each wanted mentor's entries (every mentor's, or those of the
    -- mentors named), classified as for the organisation.
    select m.*
    from (select unnest(a.mentors) as scope, a.* from rule3_qualifying a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  ), rule7_mentor_counting as not materialized (
    -- Rule 7: each wanted mentor's counting entries (wanted as above).
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from rule5_counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  )
  -- Rule 6, cells: grouped by day first, then by month when asked (a few
  -- thousand rows). Entries left out make cells of their own, keyed by the
  -- reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint,
         null::uuid, null::public.entry_verdict, null::uuid
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(s.participants) filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.participants, a.anonymous, a.minutes
          from rule3_qualifying a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.participants, m.anonymous, m.minutes
          from rule7_mentor_entries m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from rule3_qualifying a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from rule7_mentor_entries m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.day, c.kind, c.path, c.county from rule5_counting c
          union all
          select m.scope, m.day, m.kind, m.path, m.county from rule7_mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- Rule 6: the organisation's contacts (those of entries neither merged nor
  -- left out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1, null, null, null
  from (select a.day, unnest(a.contacts) as contact_id from rule3_qualifying a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1, null, null, null
  from (select unnest(a.contacts) as contact_id from rule3_qualifying a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- Rule 6: the organisation's active mentors of counting entries, each once,
  -- with the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1, null, null, null
  from (select c.day, c.mentor_id from rule5_counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from rule5_counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Rule 7: per wanted mentor, how many contacts and active mentors: counted
  -- here, as no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from rule7_mentor_entries m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id
                             from rule7_mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
  union all
  -- Verdicts, asked for entries: each activity of the days with the step that
  -- decided it, in the rules' order: left out (rule 4), merged as a proxy twin
  -- (rule 2), rule 3, and counting or not by rule 5 (the entries counted above).
  -- One row per activity, hashed lookups.
  select null, 'entry', j.day, j.kind, j.path, j.county, j.left_out,
         null, null, null, null, null, null, null, null, null,
         j.id,
         case when j.left_out is not null then j.left_out::text::public.entry_verdict
              when j.is_duplicate then 'merged_proxy_twin'::public.entry_verdict
              when j.fails_rule_3 is not null then j.fails_rule_3
              when j.id in (select c.id from rule5_counting c) then 'counts'::public.entry_verdict
              else 'same_day_repeat'::public.entry_verdict
         end,
         t.direct_id
  from rule3_qualifying j
  left join (select d.id, min(d.direct_id::text)::uuid as direct_id from rule2_duplicates d group by d.id) t on t.id = j.id
  where figure_parts.entries
$$;

comment on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) is 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into. Its steps are named by rule, and each rule''s test is stated once in them (the map at the top of db/src/private/figure_parts.sql).';

revoke all on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) from public, anon, authenticated, service_role;

-- migrate:down
-- db/src/private/latest_counting_logic.sql as at 95093bb
-- The newest counting logic this code implements. Each rules row names the logic
-- its thresholds are read with (bufdir_counting_rules.logic_version), and the
-- rules' tests (private.ruleN_*) branch on it; a row may name no later logic
-- than this (bufdir_counting_rules_logic_version_check). A logic change raises it
-- together with the branch it adds (db/fixtures/README.md, "Changing a counting
-- rule").
create or replace function private.latest_counting_logic() returns integer
    language sql immutable parallel safe
    return 1;

comment on function private.latest_counting_logic() is 'The newest counting logic (bufdir_counting_rules.logic_version) the rules'' tests implement: 1, the rules as db/fixtures/README.md states them for 2026.1.';

revoke all on function private.latest_counting_logic() from public, anon, authenticated, service_role;

-- db/src/private/rule2_fingerprint_term.sql as at 95093bb
-- Rule 2 compares the sets of mentors and contacts of a proxy entry and a direct
-- one. The activity-set functions sum this term over each set: equal sets have
-- equal fingerprints whatever their order, so twins are found by hashed lookups
-- on the fingerprints before private.rule2_twins compares the sets exactly.
-- A SQL-standard body with no settings: PostgreSQL inlines it.
create or replace function private.rule2_fingerprint_term(member uuid) returns integer
    language sql immutable parallel safe
    return pg_catalog.uuid_hash(member);

comment on function private.rule2_fingerprint_term(member uuid) is 'Rule 2: one member''s term of a set''s order-free fingerprint (summed over the set); equal sets, equal sums. Inlined.';

revoke all on function private.rule2_fingerprint_term(member uuid) from public, anon, authenticated, service_role;

-- db/src/private/rule2_mergeable.sql as at 95093bb
-- Rule 2, the proxy side: only a proxy entry in scope (not left out by rule 4)
-- is ever merged into a twin. Bulk entries never are.
create or replace function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'proxy' and left_out is null;

comment on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry that may be merged into a direct twin (a proxy entry not left out). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_merge_target.sql as at 95093bb
-- Rule 2, the direct side: a proxy entry merges only into a direct entry in
-- scope (not left out by rule 4).
create or replace function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'direct' and left_out is null;

comment on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry proxy twins may merge into (a direct entry not left out). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_twins.sql as at 95093bb
-- Rule 2's test: a proxy entry and a direct one are twins when they agree on
-- the date, the kind, every value a figure reads, and the sets of mentors and
-- contacts (compared as sets: an activity lists a mentor or a contact once).
-- Inlined, it is a conjunction of equalities the planner hashes on.
create or replace function private.rule2_twins(
    logic_version integer,
    proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer,
    proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[],
    direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer,
    direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) returns boolean
    language sql immutable parallel safe
    return proxy_day = direct_day and proxy_kind = direct_kind and proxy_county = direct_county
       and proxy_minutes = direct_minutes and proxy_anonymous = direct_anonymous and proxy_in_norway = direct_in_norway
       and cardinality(proxy_mentors) = cardinality(direct_mentors) and proxy_mentors <@ direct_mentors
       and cardinality(proxy_contacts) = cardinality(direct_contacts) and proxy_contacts <@ direct_contacts;

comment on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is 'Rule 2: true when a proxy entry is a twin of a direct one (same date, kind, county, minutes, anonymous head count, in-Norway flag, and the same sets of mentors and contacts). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) from public, anon, authenticated, service_role;

-- db/src/private/rule2_takes_twin_place.sql as at 95093bb
-- Rule 2's order: a direct entry with merged twins takes, for rule 5, the
-- earliest registration among itself and them (created_at, then id).
create or replace function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) returns boolean
    language sql immutable parallel safe
    return (twin_created_at, twin_id) < (own_created_at, own_id);

comment on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is 'Rule 2: true when a direct entry takes its earliest merged twin''s place in registration order (the twin was registered first); null when it has no twin. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/rule3_failure.sql as at 95093bb
-- Rule 3's test, one expression: what is wrong with an entry's kind, place or
-- size under the rules' thresholds, the first that applies (null: it qualifies).
-- The figures count only entries it passes, and an entry's verdict names it.
-- It takes the thresholds' values, not the rules row, so that the rules table
-- can change without it (a SQL-standard body reading a row's fields ties the
-- table's row type).
create or replace function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) returns public.entry_verdict
    language sql immutable parallel safe
    return case
      when not kind = any (counting_kinds) then 'kind_not_counted'::public.entry_verdict
      when not (in_norway or not require_in_norway) then 'abroad'::public.entry_verdict
      when kind = 'in_person_outreach' and participants < outreach_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and participants < group_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and minutes < group_min_minutes then 'too_short'::public.entry_verdict
      when kind = 'mentor_course' and minutes < course_min_minutes then 'too_short'::public.entry_verdict
    end;

comment on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is 'Rule 3: why an entry does not qualify under the rules'' thresholds (kind_not_counted, abroad, too_few_participants, too_short; the first that applies), null when it qualifies. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) from public, anon, authenticated, service_role;

-- db/src/private/rule4_active_mentor.sql as at 95093bb
-- Rule 4's test for a mentor: approved, with an active period covering the day
-- (an open period has no end).
create or replace function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) returns boolean
    language sql immutable parallel safe
    return approval_status = 'approved' and day >= active_from and (active_to is null or day <= active_to);

comment on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) is 'Rule 4: true when a mentor with this approval and active period counts on the day. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) from public, anon, authenticated, service_role;

-- db/src/private/rule4_held_for_review.sql as at 95093bb
-- Rule 4's test for an entry's values: held for review when above one of its
-- organisation's review limits that is set (null: no limit) and not confirmed.
-- It takes the limits' values, not their row, so that the limits table can
-- change without it (a SQL-standard body reading a row's fields ties the
-- table's row type).
create or replace function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) returns boolean
    language sql immutable parallel safe
    return review_confirmed_at is null
       and (coalesce(minutes > max_minutes_per_activity, false)
            or coalesce(anonymous > max_anonymous_participants, false)
            or coalesce(known_participants > max_known_participants, false));

comment on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is 'Rule 4: true when an entry is held for review: a value above a set review limit of its organisation (organisation_review_limits; null: none) and no confirmation. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) from public, anon, authenticated, service_role;

-- db/src/private/rule4_left_out.sql as at 95093bb
-- Rule 4's verdict: why an entry is left out of every figure, the first that
-- applies (no active mentor before held for review), null when in scope.
create or replace function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) returns public.left_out_reason
    language sql immutable parallel safe
    return case when not has_active_mentor then 'no_active_mentor'::public.left_out_reason
                when held_for_review then 'held_for_review'::public.left_out_reason
           end;

comment on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) is 'Rule 4: the reason an entry is left out of every figure (no_active_mentor first, then held_for_review), null when it is in scope. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule5_new_for_mentor.sql as at 95093bb
-- Rule 5's test, per active mentor and day in registration order: an entry is
-- new for the mentor when it is their first of the day or the first to name one
-- of its known contacts (anonymous head counts never make it new).
create or replace function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) returns boolean
    language sql immutable parallel safe
    return first_of_day or first_to_name_a_contact;

comment on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) is 'Rule 5: true when an entry is new for one of its active mentors that day (the mentor''s first entry of the day, or the first to name a contact). An entry counts when it is new for at least one. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule6_participants.sql as at 95093bb
-- Rule 6's participants of an entry: its known contacts and its anonymous head
-- count (rule 3's thresholds count the same).
create or replace function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) returns integer
    language sql immutable parallel safe
    return cardinality(contacts) + anonymous;

comment on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) is 'Rules 3 and 6: an entry''s participants, known contacts plus anonymous head count. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) from public, anon, authenticated, service_role;

-- db/src/private/rule7_wanted.sql as at 95093bb
-- Rule 7's scope: a mentor's own figures are wanted for every mentor, or for
-- the mentors named.
create or replace function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) returns boolean
    language sql immutable parallel safe
    return every_mentor or mentor_id = any (mentor_ids);

comment on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) is 'Rule 7: true when a mentor''s own figures are wanted (every mentor, or one of mentor_ids). Inlined.';

revoke all on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/activity_sets_by_id.sql as at 95093bb
-- The same for a few days: their activities found by date, their links looked
-- up by id and hashed.
create or replace function private.activity_sets_by_id(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    set enable_sort to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprints: private.rule2_fingerprint_term summed over each set.
  with scope as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.municipality_code, a.duration_minutes,
           a.anonymous_participants, a.in_norway, a.created_at, a.review_confirmed_at
    from public.activities a
    where a.org_id = activity_sets_by_id.org_id
      and a.activity_date = any (activity_sets_by_id.days)
      and a.deleted_at is null
  )
  select s.id, s.activity_date, s.kind, s.registration_path, coalesce(left(s.municipality_code, 2), 'unknown'),
         s.duration_minutes, s.anonymous_participants, s.in_norway, s.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         s.review_confirmed_at
  from scope s
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(private.rule2_fingerprint_term(member => am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_by_id.org_id and am.activity_id = any (array(select s.id from scope s))
    group by am.activity_id
  ) m on m.activity_id = s.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(private.rule2_fingerprint_term(member => ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_by_id.org_id and ap.activity_id = any (array(select s.id from scope s))
    group by ap.activity_id
  ) c on c.activity_id = s.id
$$;

comment on function private.activity_sets_by_id(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, looking their links up by id (for days holding a small share of the organisation).';

revoke all on function private.activity_sets_by_id(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/activity_sets_in_key_order.sql as at 95093bb
-- The live activities of an organisation's days with their mentor and contact
-- sets (in no particular order) and an order-free fingerprint of each set, from
-- the organisation's activities and link tables read in primary-key order and
-- merged: no sort, no hash table, whatever the statistics say.
create or replace function private.activity_sets_in_key_order(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'on'
    set enable_hashagg to 'off'
    set enable_sort to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'off'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprints: private.rule2_fingerprint_term summed over each set.
  select a.id, a.activity_date, a.kind, a.registration_path, coalesce(left(a.municipality_code, 2), 'unknown'),
         a.duration_minutes, a.anonymous_participants, a.in_norway, a.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         a.review_confirmed_at
  from public.activities a
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(private.rule2_fingerprint_term(member => am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_in_key_order.org_id
    group by am.activity_id
  ) m on m.activity_id = a.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(private.rule2_fingerprint_term(member => ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_in_key_order.org_id
    group by ap.activity_id
  ) c on c.activity_id = a.id
  where a.org_id = activity_sets_in_key_order.org_id
    -- Contiguous days are one range: a binary search per activity, not a scan of the array.
    and a.activity_date <@ (select private.days_as_multirange(days => activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;

comment on function private.activity_sets_in_key_order(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, reading the organisation''s activities and links in key order (for days holding much of the organisation).';

revoke all on function private.activity_sets_in_key_order(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/figure_parts.sql as at 95093bb
-- THE COUNTING RULES IN CODE. The rules are stated in db/fixtures/README.md
-- ("Counting rules"); each has its steps here, named after it, and its test is a
-- small SQL function of its own (private.ruleN_*: SQL-standard bodies with no
-- settings, so PostgreSQL inlines them and they cost no call per row). A change
-- to a rule starts at its test, then its steps; db/fixtures/README.md says what
-- else it touches ("Changing a counting rule").
--
-- Which rules: a period is read under the rules row in force on its start
-- (hidden.rules_in_force: the latest valid_from on or before it); a snapshot
-- keeps its rule_version, and verify_metric_snapshot and the export recompute
-- it under that version (private.aggregate_figures' rule_version). Every test
-- takes the row's logic_version, the logic its thresholds are read with (1 for
-- every version so far; private.latest_counting_logic() is the newest the code
-- implements), and the thresholds it reads as values (a SQL-standard body that
-- read the row's fields would tie the table's row type). A logic change
-- adds a branch on logic_version to the rule's test and keeps the old one, so
-- periods of earlier versions recompute as they were.
--
-- Per rule: its test functions, its steps here, the pgTAP files that cover it
-- (db/tests/snapshots/ unless named; "fixture" is hand-worked-figures and
-- entry-verdicts, entry by entry, with the entries db/fixtures/README.md names)
-- and the oracle's parts (db/tests/support/30-metrics-oracle.sql).
--
-- rule 1, period: the live activities of the days, their mentor and contact sets
--   tests      none: the scan's own conditions (by date, deleted_at is null)
--   steps      rule1_entries; private.activity_sets_by_id and
--              private.activity_sets_in_key_order
--   covered    fixture (A14, A17, A18); differential-aggregation
--   oracle     raw
-- rule 2, proxy twins merge
--   tests      private.rule2_mergeable (the proxy side), private.rule2_merge_target
--              (the direct side), private.rule2_twins (the twin test),
--              private.rule2_takes_twin_place (the merged entry's place),
--              private.rule2_fingerprint_term (the sets' fingerprints, summed in
--              the activity-set functions: a hashed prefilter the twin test implies)
--   steps      rule2_proxies, rule2_twin_candidates (prefilter: the same values
--              and fingerprints), rule2_duplicates, rule2_places; is_duplicate in
--              rule3_qualifying; the place in rule5_mentor_entries
--   covered    fixture (A06, A20, C04-C07); differential-aggregation
--   oracle     entries.event_key, merges, duplicates, places
-- rule 3, counting kinds and thresholds
--   tests      private.rule3_failure (null: qualifies), private.rule6_participants
--   steps      rule3_qualifying (fails_rule_3)
--   covered    fixture (A07-A12, A15, A19, C05); differential-aggregation
--   oracle     classified.qualifies
-- rule 4, who counts (left out: no active mentor, then held for review)
--   tests      private.rule4_active_mentor, private.rule4_held_for_review,
--              private.rule4_left_out
--   steps      rule4_active_days, rule4_scope; the mentors looked up in
--              rule5_mentor_entries
--   covered    fixture (A13, A21, C09, C10); held-for-review (C16-C18);
--              activities/review-limits; differential-aggregation
--   oracle     active_sets, entries.left_out
-- rule 5, same day, per mentor
--   tests      private.rule5_new_for_mentor
--   steps      rule5_mentor_entries, rule5_ranked, rule5_first_mentions,
--              rule5_verdicts, rule5_counting (new for at least one mentor)
--   covered    fixture (A02-A04, C01-C03, C07, C08, C11-C15);
--              differential-aggregation; rule-logic-versions (a logic 2 of it)
--   oracle     per_mentor, per_mentor_contact, new_for_a_mentor
-- rule 6, the other figures
--   tests      private.rule6_participants
--   steps      the final select: cells (part 'cell'), distinct contacts and
--              mentors ('contact', 'mentor'); private.figure_documents makes them
--              figures, private.aggregate_figures adds the days up
--   covered    fixture (every figure of A, B and C); day-partials (the same
--              stored per day); differential-aggregation
--   oracle     the final jsonb_build_object
-- rule 7, per mentor
--   tests      private.rule7_wanted
--   steps      rule7_mentor_entries, rule7_mentor_counting, the mentor scopes of
--              the final select
--   covered    fixture (expected-figures.csv's mentor rows);
--              summaries/periodic-summaries; differential-aggregation
--   oracle     final (its mentor filter)
-- verdicts     part 'entry' of the final select: the step that decided each
--              entry, in the rules' order (hidden.explain_entries); covered by
--              entry-verdicts and activities/explain-activities
--
-- The oracle shares no test function and no step with this code, on purpose: it
-- states each rule again (rule 2 as one text key, rule 3 as a positive
-- condition, rule 4 from the active periods, rule 5 with windows) so that it
-- cannot agree by construction; the differential test compares every figure of
-- generated organisations, and of each of their mentors, with it.
--
-- Planner settings below are measured, not defaults: db/README.md, "Measured
-- and tuned", lists every setting in db/src, why, and the bench line it holds.
create or replace function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean default false) returns table(scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text, left_out public.left_out_reason, activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint, member uuid, member_days datemultirange, members bigint, entry uuid, verdict public.entry_verdict, merged_into uuid)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashagg to 'on'
    set enable_sort to 'off'
    set enable_seqscan to 'on'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set max_parallel_workers_per_gather to '0'
    set work_mem to '16MB'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Steps are
  -- named by the counting rule they apply (db/src/private/figure_parts.sql maps
  -- each rule to its steps and tests).
  with links_by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), rule4_active_days as (
    -- Rule 4: the days (of those asked for) each mentor counts.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
      and private.rule4_active_mentor(logic_version => (figure_parts.rules).logic_version, approval_status => mem.approval_status,
                                      active_from => p.active_from, active_to => p.active_to, day => d::date)
  ), rule1_entries as not materialized (
    -- Rule 1: the live activities of the days with their sets, and the
    -- organisation's review limits (read once, an init plan).
    select u.*, (select private.review_limits_of(org_id => figure_parts.org_id)) as limits
    from (
      select * from private.activity_sets_by_id(org_id => figure_parts.org_id, days => figure_parts.days)
      where (select b.chosen from links_by_id b)
      union all
      select * from private.activity_sets_in_key_order(org_id => figure_parts.org_id, days => figure_parts.days)
      where not (select b.chosen from links_by_id b)
    ) u
  ), rule4_scope as materialized (
    -- Rule 4: each activity with the reason it is left out of every figure, if
    -- any: none of its mentors active on its date, then held for review.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
           private.rule4_left_out(
             logic_version => (figure_parts.rules).logic_version,
             has_active_mentor => case cardinality(s.mentors)
                                    when 0 then false
                                    when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                                    else exists (select from unnest(s.mentors) m(mentor_id)
                                                 where (m.mentor_id, s.day) in (select e.mentor_id, e.day from rule4_active_days e))
                                  end,
             held_for_review => private.rule4_held_for_review(
               logic_version => (figure_parts.rules).logic_version,
               max_minutes_per_activity => (s.limits).max_minutes_per_activity,
               max_anonymous_participants => (s.limits).max_anonymous_participants,
               max_known_participants => (s.limits).max_known_participants,
               minutes => s.minutes, anonymous => s.anonymous, known_participants => cardinality(s.contacts),
               review_confirmed_at => s.review_confirmed_at)) as left_out
    from rule1_entries s
  ), rule2_proxies as materialized (
    -- Rule 2 compares the proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from rule4_scope p
    where private.rule2_mergeable(logic_version => (figure_parts.rules).logic_version, path => p.path, left_out => p.left_out)
  ), rule2_twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on every value rule 2 compares
    -- and the set fingerprints: a prefilter the twin test implies (hashed
    -- lookups, the first of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from rule4_scope d
    where case when private.rule2_merge_target(logic_version => (figure_parts.rules).logic_version, path => d.path, left_out => d.left_out)
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from rule2_proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from rule2_proxies p)
            else false end
  ), rule2_duplicates as materialized (
    -- The proxy entries that are twins of a direct entry, with the direct entry
    -- they merge into.
    select p.id, p.created_at, t.id as direct_id
    from rule2_proxies p
    join rule2_twin_candidates t
      on t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
     and private.rule2_twins(
           logic_version => (figure_parts.rules).logic_version,
           proxy_day => p.day, proxy_kind => p.kind, proxy_county => p.county, proxy_minutes => p.minutes,
           proxy_anonymous => p.anonymous, proxy_in_norway => p.in_norway, proxy_mentors => p.mentors, proxy_contacts => p.contacts,
           direct_day => t.day, direct_kind => t.kind, direct_county => t.county, direct_minutes => t.minutes,
           direct_anonymous => t.anonymous, direct_in_norway => t.in_norway, direct_mentors => t.mentors, direct_contacts => t.contacts)
  ), rule2_places as materialized (
    -- A direct entry with merged twins: the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from rule2_duplicates d
    order by d.direct_id, d.created_at, d.id
  ), rule3_qualifying as not materialized (
    -- Rule 3: what is wrong with the entry's kind, place or size (null:
    -- nothing); rule 5 counts only entries it passes, and a verdict names it.
    -- With rule 2's mark: a merged proxy twin.
    select a.*,
      case when private.rule2_mergeable(logic_version => (figure_parts.rules).logic_version, path => a.path, left_out => a.left_out)
           then a.id in (select d.id from rule2_duplicates d) else false end as is_duplicate,
      private.rule3_failure(
        logic_version => (figure_parts.rules).logic_version,
        counting_kinds => (figure_parts.rules).counting_kinds, require_in_norway => (figure_parts.rules).require_in_norway,
        outreach_min_participants => (figure_parts.rules).outreach_min_participants,
        group_min_participants => (figure_parts.rules).group_min_participants,
        group_min_minutes => (figure_parts.rules).group_min_minutes, course_min_minutes => (figure_parts.rules).course_min_minutes,
        kind => a.kind, in_norway => a.in_norway,
        participants => private.rule6_participants(logic_version => (figure_parts.rules).logic_version,
                                                   contacts => a.contacts, anonymous => a.anonymous),
        minutes => a.minutes) as fails_rule_3
    from rule4_scope a
  ), rule5_mentor_entries as (
    -- Rule 5's entries: those in scope, not merged, qualifying; one row per
    -- active mentor, with the entry's place in registration order (rule 2).
    -- Arrays are unnested in select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when private.rule2_takes_twin_place(logic_version => (figure_parts.rules).logic_version, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.created_at else q.created_at end as order_at,
             case when private.rule2_takes_twin_place(logic_version => (figure_parts.rules).logic_version, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.id else q.id end as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from rule3_qualifying q
      left join rule2_places m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null and q.fails_rule_3 is null
    ) l
    -- An activity in scope with one mentor has them active (rule 4); others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from rule4_active_days e)
  ), rule5_ranked as materialized (
    -- Rule 5, per active mentor and day: the entries numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from rule5_mentor_entries l
  ), rule5_first_mentions as (
    -- The entries that are the first of the mentor's day to name a contact: the
    -- least number per (mentor, day, contact), hashed (the lookup below hashes
    -- the repeats away); the first of the day needs no lookup.
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from rule5_ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), rule5_verdicts as materialized (
    -- Rule 5's test, per mentor: is the entry new for them?
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           private.rule5_new_for_mentor(
             logic_version => (figure_parts.rules).logic_version,
             first_of_day => r.rank = 1,
             first_to_name_a_contact => (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from rule5_first_mentions n)) as new
    from rule5_ranked r
  ), rule5_counting as not materialized (
    -- Rule 5: an entry counts when it is new for at least one of its active
    -- mentors: a single mentor's (active, so no arrays), and the co-mentored
    -- ones with their mentors and active mentors.
    select v.id, v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from rule5_verdicts v
    where v.one_mentor and v.new
    union all
    select v.id, min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from rule5_verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), rule7_mentor_entries as not materialized (
    -- Rule 7: each wanted mentor's entries, classified as for the organisation.
    select m.*
    from (select unnest(a.mentors) as scope, a.* from rule3_qualifying a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
  ), rule7_mentor_counting as not materialized (
    -- Rule 7: each wanted mentor's counting entries.
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from rule5_counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
  )
  -- Rule 6, cells: grouped by day first, then by month when asked (a few
  -- thousand rows). Entries left out make cells of their own, keyed by the
  -- reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint,
         null::uuid, null::public.entry_verdict, null::uuid
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(private.rule6_participants(logic_version => (figure_parts.rules).logic_version, contacts => s.contacts, anonymous => s.anonymous))
                      filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from rule3_qualifying a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
          from rule7_mentor_entries m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from rule3_qualifying a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from rule7_mentor_entries m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.day, c.kind, c.path, c.county from rule5_counting c
          union all
          select m.scope, m.day, m.kind, m.path, m.county from rule7_mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- Rule 6: the organisation's contacts (those of entries neither merged nor
  -- left out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1, null, null, null
  from (select a.day, unnest(a.contacts) as contact_id from rule3_qualifying a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1, null, null, null
  from (select unnest(a.contacts) as contact_id from rule3_qualifying a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- Rule 6: the organisation's active mentors of counting entries, each once,
  -- with the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1, null, null, null
  from (select c.day, c.mentor_id from rule5_counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from rule5_counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Rule 7: per wanted mentor, how many contacts and active mentors: counted
  -- here, as no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from rule7_mentor_entries m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id
                             from rule7_mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
  union all
  -- Verdicts, asked for entries: each activity of the days with the step that
  -- decided it, in the rules' order: left out (rule 4), merged as a proxy twin
  -- (rule 2), rule 3, and counting or not by rule 5 (the entries counted above).
  -- One row per activity, hashed lookups.
  select null, 'entry', j.day, j.kind, j.path, j.county, j.left_out,
         null, null, null, null, null, null, null, null, null,
         j.id,
         case when j.left_out is not null then j.left_out::text::public.entry_verdict
              when j.is_duplicate then 'merged_proxy_twin'::public.entry_verdict
              when j.fails_rule_3 is not null then j.fails_rule_3
              when j.id in (select c.id from rule5_counting c) then 'counts'::public.entry_verdict
              else 'same_day_repeat'::public.entry_verdict
         end,
         t.direct_id
  from rule3_qualifying j
  left join (select d.id, min(d.direct_id::text)::uuid as direct_id from rule2_duplicates d group by d.id) t on t.id = j.id
  where figure_parts.entries
$$;

comment on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) is 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into. Its steps are named by rule; each rule''s test is a private.ruleN_* function.';

revoke all on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) from public, anon, authenticated, service_role;
