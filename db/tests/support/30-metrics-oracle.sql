-- pgTAP test support: the first implementation of the aggregation, kept verbatim
-- as the oracle the differential test compares private.aggregate_figures with.
-- Test databases only; never a migration. It is slow on large data (chained
-- CTEs), which is why it was replaced, but its figures are the reference.

create or replace function tests.compute_metrics_oracle(org_id uuid, period_start date, period_end date, mentor_id uuid default null)
returns jsonb
language plpgsql stable
set search_path = ''
-- The CTEs' row estimates are guesses (often billions); with JIT on, compiling for
-- them cost more than the query (265 s against 72 s over a million activities).
set jit = off
as $$
declare
  rules public.bufdir_counting_rules;
  figures jsonb;
begin
  rules := hidden.rules_in_force(compute_metrics_oracle.period_start);
  if rules.version is null then
    raise exception 'no counting rules are in force on %', compute_metrics_oracle.period_start using errcode = 'P0002';
  end if;

  with raw as (
    select a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           a.municipality_code, a.in_norway, a.registration_path, a.created_at
    from public.activities a
    where a.org_id = compute_metrics_oracle.org_id
      and a.activity_date between compute_metrics_oracle.period_start and compute_metrics_oracle.period_end
      and a.deleted_at is null
  ), contact_sets as (
    select ap.activity_id, array_agg(ap.contact_id order by ap.contact_id) as contacts
    from public.activity_participants ap join raw r on r.id = ap.activity_id
    where ap.org_id = compute_metrics_oracle.org_id
    group by ap.activity_id
  ), mentor_sets as (
    select am.activity_id, array_agg(am.mentor_id order by am.mentor_id) as mentors
    from public.activity_mentors am join raw r on r.id = am.activity_id
    where am.org_id = compute_metrics_oracle.org_id
    group by am.activity_id
  ), scope as (
    select r.*, coalesce(c.contacts, '{}') as contacts, coalesce(m.mentors, '{}') as mentors,
      -- Rule 2's identity of a real event, as one text so matching it is one hash lookup.
      concat_ws('|', r.activity_date, r.kind, array_to_string(m.mentors, ','), array_to_string(c.contacts, ',')) as event_key
    from raw r
    left join contact_sets c on c.activity_id = r.id
    left join mentor_sets m on m.activity_id = r.id
  ), duplicates as (
    -- Rule 2: a proxy entry with a direct twin (same date, kind, mentors, contacts).
    -- A join, not IN (subquery): with CTE row estimates the planner may give up
    -- on hashing the subquery and rescan it for every proxy entry.
    select p.id, p.mentors
    from scope p
    join (select distinct d.event_key from scope d where d.registration_path = 'direct') d on d.event_key = p.event_key
    where p.registration_path = 'proxy'
  ), kept as (
    select s.* from scope s where not exists (select from duplicates d where d.id = s.id)
  ), active_sets as (
    -- Rule 4: the activity's mentors who were approved and active on its date.
    select k.id, array_agg(m.mentor_id order by m.mentor_id) as active_mentors
    from kept k
    cross join lateral unnest(k.mentors) m(mentor_id)
    join public.members mem
      on mem.org_id = compute_metrics_oracle.org_id and mem.user_id = m.mentor_id and mem.approval_status = 'approved'
    where exists (
      select from public.mentor_active_periods p
      where p.org_id = compute_metrics_oracle.org_id and p.mentor_id = m.mentor_id
        and k.activity_date >= p.active_from and (p.active_to is null or k.activity_date <= p.active_to))
    group by k.id
  ), classified as (
    -- Rule 3: counting kinds and their thresholds, in Norway, with an active mentor.
    select k.*, coalesce(s.active_mentors, '{}') as active_mentors,
      (k.in_norway or not rules.require_in_norway)
      and k.kind = any (rules.counting_kinds)
      and s.active_mentors is not null
      and case k.kind
            when 'in_person_outreach' then cardinality(k.contacts) + k.anonymous_participants >= rules.outreach_min_participants
            when 'group_meeting' then cardinality(k.contacts) + k.anonymous_participants >= rules.group_min_participants
                                      and k.duration_minutes >= rules.group_min_minutes
            when 'mentor_course' then k.duration_minutes >= rules.course_min_minutes
            else true
          end as qualifies
    from kept k left join active_sets s on s.id = k.id
  ), per_mentor_day as (
    -- Rule 5, per (mentor, day) in registration order: is it that mentor's first
    -- activity of the day, and for each of its contacts, the first to bring them?
    select q.id, m.mentor_id,
      row_number() over (partition by m.mentor_id, q.activity_date order by q.created_at, q.id) = 1 as first_of_day
    from classified q cross join lateral unnest(q.active_mentors) m(mentor_id)
    where q.qualifies
  ), first_for_every_mentor as (
    select d.id, bool_and(d.first_of_day) as first_of_day
    from per_mentor_day d group by d.id
  ), per_mentor_day_contact as (
    select q.id, x.contact_id,
      row_number() over (partition by m.mentor_id, q.activity_date, x.contact_id order by q.created_at, q.id) = 1 as first_with_contact
    from classified q
    cross join lateral unnest(q.active_mentors) m(mentor_id)
    cross join lateral unnest(q.contacts) x(contact_id)
    where q.qualifies
  ), new_contacts as (
    select c.id
    from (select d.id, d.contact_id, bool_and(d.first_with_contact) as new_for_all
          from per_mentor_day_contact d group by d.id, d.contact_id) c
    where c.new_for_all
    group by c.id
  ), final as (
    -- Joins, not a correlated EXISTS: in a select list that would rescan
    -- new_contacts for every activity.
    select c.*,
      c.qualifies and (coalesce(f.first_of_day, false) or n.id is not null) as counts
    from classified c
    left join first_for_every_mentor f on f.id = c.id
    left join new_contacts n on n.id = c.id
    -- Rule 7: one mentor's figures are the organisation's classification of their activities.
    where compute_metrics_oracle.mentor_id is null or compute_metrics_oracle.mentor_id = any (c.mentors)
  ), months as (
    select to_char(m, 'YYYY-MM') as month
    from generate_series(date_trunc('month', compute_metrics_oracle.period_start::timestamp),
                         compute_metrics_oracle.period_end::timestamp, interval '1 month') m
  )
  select jsonb_build_object(
    'shape_version', 1,
    'rule_version', rules.version,
    -- The MVCC snapshot the figures were read in (a stable function shares its
    -- caller's), so a later save knows exactly which changes they include.
    'computed_in', pg_catalog.pg_current_snapshot()::text,
    'period', jsonb_build_object('start', compute_metrics_oracle.period_start, 'end', compute_metrics_oracle.period_end),
    'totals', (
      select jsonb_build_object(
        'activity_days', count(*) filter (where f.counts),
        'activities_total', count(*),
        'activities_non_counting', count(*) filter (where not f.counts),
        'proxy_duplicates_merged', (select count(*) from duplicates d
                                    where compute_metrics_oracle.mentor_id is null or compute_metrics_oracle.mentor_id = any (d.mentors)),
        'participations', coalesce(sum(cardinality(f.contacts) + f.anonymous_participants), 0),
        'unique_participants', (select count(distinct x.contact_id) from final f2 cross join lateral unnest(f2.contacts) x(contact_id)),
        'unique_participants_is_lower_bound', coalesce(bool_or(f.anonymous_participants > 0), false),
        'minutes_total', coalesce(sum(f.duration_minutes::bigint), 0),
        'active_mentors', (select count(distinct m.mentor_id) from final f2 cross join lateral unnest(f2.active_mentors) m(mentor_id)
                           where f2.counts))
      from final f),
    -- Each breakdown is one grouped pass over the activities, joined to its full key list.
    'activity_days_by_kind', (
      select jsonb_object_agg(k.kind, coalesce(c.n, 0))
      from unnest(rules.counting_kinds) k(kind)
      left join (select f.kind, count(*) as n from final f where f.counts group by f.kind) c on c.kind = k.kind),
    'activities_by_kind', (
      select jsonb_object_agg(k.kind, coalesce(c.n, 0))
      from unnest(enum_range(null::public.activity_kind)) k(kind)
      left join (select f.kind, count(*) as n from final f group by f.kind) c on c.kind = k.kind),
    'activities_by_path', (
      select jsonb_object_agg(p.path, coalesce(c.n, 0))
      from unnest(enum_range(null::public.registration_path)) p(path)
      left join (select f.registration_path, count(*) as n from final f group by f.registration_path) c on c.registration_path = p.path),
    'activity_days_by_month', (
      select jsonb_object_agg(m.month, coalesce(c.n, 0))
      from months m
      left join (select to_char(f.activity_date, 'YYYY-MM') as month, count(*) as n from final f where f.counts group by 1) c on c.month = m.month),
    'activity_days_by_county', coalesce((
      select jsonb_object_agg(c.county, c.days)
      from (select coalesce(left(f.municipality_code, 2), 'unknown') as county, count(*) as days
            from final f where f.counts group by 1) c), '{}'::jsonb)
  ) into figures;

  -- JSON clients read numbers as doubles: refuse rather than round.
  if jsonb_path_exists(figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
    raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
  end if;
  return figures;
end
$$;
comment on function tests.compute_metrics_oracle(uuid, date, date, uuid) is
  'The first aggregation, verbatim (test oracle): figures for an organisation and period, or one mentor''s.';
