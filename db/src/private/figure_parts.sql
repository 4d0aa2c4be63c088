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
