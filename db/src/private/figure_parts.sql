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
  -- The planner settings above are measured for this statement, not defaults
  -- (docs/benchmarks.md): joins and groups are hashed and rule 5's numbering is
  -- the one sort; work_mem 16MB was faster than 64MB at a million activities,
  -- since the large sorts and stores spill to files either way and less fresh
  -- memory is faulted in. PostgreSQL keeps no comment between SET clauses, so
  -- the note stands here, in the body it tunes.
  with by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), eligible as (
    -- Rule 4: the days (of those asked for) each approved mentor is active.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id and mem.approval_status = 'approved'
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
  ), acts as materialized (
    -- Each activity with the reason it is left out of every figure, if any; the
    -- first that applies: none of its mentors approved and active on its date
    -- (rule 4), then held for review: a value above one of the organisation's
    -- review limits (read once, an init plan) and no confirmation. The limits'
    -- terms are written out here: a function with a pinned search path is never
    -- inlined and would cost a call per row.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
      case when not case cardinality(s.mentors)
                      when 0 then false
                      when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from eligible e)
                      else exists (select from unnest(s.mentors) m(mentor_id)
                                   where (m.mentor_id, s.day) in (select e.mentor_id, e.day from eligible e))
                    end
           then 'no_active_mentor'::public.left_out_reason
           when s.review_confirmed_at is null
                and (coalesce(s.minutes > (s.limits).max_minutes_per_activity, false)
                     or coalesce(s.anonymous > (s.limits).max_anonymous_participants, false)
                     or coalesce(cardinality(s.contacts) > (s.limits).max_known_participants, false))
           then 'held_for_review'::public.left_out_reason
      end as left_out
    from (
      select u.*, (select private.review_limits_of(figure_parts.org_id)) as limits
      from (
        select * from private.activity_sets_by_id(figure_parts.org_id, figure_parts.days)
        where (select b.chosen from by_id b)
        union all
        select * from private.activity_sets_in_key_order(figure_parts.org_id, figure_parts.days)
        where not (select b.chosen from by_id b)
      ) u
    ) s
  ), proxies as materialized (
    -- Rule 2 compares proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from acts p
    where p.path = 'proxy' and p.left_out is null
  ), twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on the day, the kind, every
    -- value a figure reads and the set fingerprints (hashed lookups, the first
    -- of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from acts d
    where case when d.path = 'direct' and d.left_out is null
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from proxies p)
            else false end
  ), duplicates as materialized (
    -- The proxy entries whose sets are those of such a direct entry, compared
    -- exactly (as sets: an activity lists a mentor or a contact once), with the
    -- direct entry they merge into.
    select p.id, p.created_at, t.id as direct_id
    from proxies p
    join twin_candidates t on t.day = p.day and t.kind = p.kind and t.county = p.county and t.minutes = p.minutes
      and t.anonymous = p.anonymous and t.in_norway = p.in_norway
      and t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
    where cardinality(p.mentors) = cardinality(t.mentors) and p.mentors <@ t.mentors
      and cardinality(p.contacts) = cardinality(t.contacts) and p.contacts <@ t.contacts
  ), merged_order as materialized (
    -- A direct entry with merged twins takes the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from duplicates d
    order by d.direct_id, d.created_at, d.id
  ), judged as not materialized (
    -- Rule 3 is one expression: what is wrong with the entry's kind, place or
    -- size (null: nothing). Rule 5 below counts only entries it passes, and an
    -- entry's verdict names it.
    select a.*,
      case when a.path = 'proxy' and a.left_out is null then a.id in (select d.id from duplicates d) else false end as is_duplicate,
      case when not a.kind = any ((figure_parts.rules).counting_kinds) then 'kind_not_counted'::public.entry_verdict
           when not (a.in_norway or not (figure_parts.rules).require_in_norway) then 'abroad'::public.entry_verdict
           when a.kind = 'in_person_outreach'
                and cardinality(a.contacts) + a.anonymous < (figure_parts.rules).outreach_min_participants
             then 'too_few_participants'::public.entry_verdict
           when a.kind = 'group_meeting'
                and cardinality(a.contacts) + a.anonymous < (figure_parts.rules).group_min_participants
             then 'too_few_participants'::public.entry_verdict
           when a.kind = 'group_meeting' and a.minutes < (figure_parts.rules).group_min_minutes
             then 'too_short'::public.entry_verdict
           when a.kind = 'mentor_course' and a.minutes < (figure_parts.rules).course_min_minutes
             then 'too_short'::public.entry_verdict
      end as fails_rule_3
    from acts a
  ), mentor_links as (
    -- Rule 3 per activity, then one row per active mentor,
    -- with the activity's place in registration order. Arrays are unnested in
    -- select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.created_at else q.created_at end as order_at,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.id else q.id end as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from judged q
      left join merged_order m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null and q.fails_rule_3 is null
    ) l
    -- An activity in scope with one mentor has them active; others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from eligible e)
  ), ranked as materialized (
    -- Rule 5, per active mentor and day: the activities numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from mentor_links l
  ), bringing_new as (
    -- The activities that are the first of the mentor's day to name a contact:
    -- the least number per (mentor, day, contact), hashed (the lookup below
    -- hashes the repeats away).
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), verdicts as materialized (
    -- New for the mentor: the first of their day, or the first to name a contact
    -- (a hashed lookup).
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           r.rank = 1 or (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from bringing_new n) as new
    from ranked r
  ), counting as not materialized (
    -- An activity counts when it is new for at least one of its active mentors:
    -- a single mentor's (active, so no arrays), and the co-mentored ones with
    -- their mentors and active mentors.
    select v.id, v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from verdicts v
    where v.one_mentor and v.new
    union all
    select v.id, min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), mentor_activities as not materialized (
    -- Each wanted mentor's activities (rule 7).
    select m.*
    from (select unnest(a.mentors) as scope, a.* from judged a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  ), mentor_counting as not materialized (
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  )
  -- Cells: grouped by day first, then by month when asked (a few thousand rows).
  -- Entries left out make cells of their own, keyed by the reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint,
         null::uuid, null::public.entry_verdict, null::uuid
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(cardinality(s.contacts) + s.anonymous) filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from judged a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
          from mentor_activities m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from judged a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from mentor_activities m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.day, c.kind, c.path, c.county from counting c
          union all
          select m.scope, m.day, m.kind, m.path, m.county from mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- The organisation's contacts (those of activities neither merged nor left
  -- out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1, null, null, null
  from (select a.day, unnest(a.contacts) as contact_id from judged a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1, null, null, null
  from (select unnest(a.contacts) as contact_id from judged a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- The organisation's active mentors of counting activities, each once, with
  -- the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1, null, null, null
  from (select c.day, c.mentor_id from counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Per wanted mentor, how many contacts and active mentors: counted here, as
  -- no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from mentor_activities m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id from mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
  union all
  -- Asked for entries: each activity of the days with the step that decided it,
  -- taken from the steps above in their order: left out (rule 4), merged as a
  -- proxy twin (rule 2), rule 3, and counting or not by rule 5 (the activities
  -- counted above). One row per activity, hashed lookups.
  select null, 'entry', j.day, j.kind, j.path, j.county, j.left_out,
         null, null, null, null, null, null, null, null, null,
         j.id,
         case when j.left_out is not null then j.left_out::text::public.entry_verdict
              when j.is_duplicate then 'merged_proxy_twin'::public.entry_verdict
              when j.fails_rule_3 is not null then j.fails_rule_3
              when j.id in (select c.id from counting c) then 'counts'::public.entry_verdict
              else 'same_day_repeat'::public.entry_verdict
         end,
         t.direct_id
  from judged j
  left join (select d.id, min(d.direct_id::text)::uuid as direct_id from duplicates d group by d.id) t on t.id = j.id
  where figure_parts.entries
$$;

comment on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) is 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into.';

revoke all on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) from public, anon, authenticated, service_role;
