-- pgTAP test support: the counting rules of db/fixtures/README.md (rule version
-- 2026.1) written out plainly, step by step, as the oracle the differential test
-- compares private.aggregate_figures with. Test databases only; never a
-- migration. It calls nothing of the aggregation (no figure_parts, no partials)
-- and is slow on large data (chained CTEs and windows), but its figures are the
-- reference.

create or replace function tests.compute_metrics_oracle(org_id uuid, period_start date, period_end date, mentor_id uuid default null)
returns jsonb
language plpgsql stable
set search_path = ''
-- Planner settings: measured (db/README.md, "Measured and tuned").
set jit = off
as $$
declare
  rules public.bufdir_counting_rules;
  figures jsonb;
begin
  rules := hidden.rules_in_force(on_date => compute_metrics_oracle.period_start);
  if rules.version is null then
    raise exception 'no counting rules are in force on %', compute_metrics_oracle.period_start using errcode = 'P0002';
  end if;

  with raw as (
    -- Rule 1: the organisation's live activities of the period.
    select a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           coalesce(left(a.municipality_code, 2), 'unknown') as county, a.in_norway, a.registration_path, a.created_at,
           a.review_confirmed_at
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
  ), active_sets as (
    -- Rule 4: the activity's mentors who were approved and active on its date.
    select r.id, array_agg(m.mentor_id order by m.mentor_id) as active_mentors
    from raw r
    join public.activity_mentors m on m.org_id = compute_metrics_oracle.org_id and m.activity_id = r.id
    join public.members mem
      on mem.org_id = compute_metrics_oracle.org_id and mem.user_id = m.mentor_id and mem.approval_status = 'approved'
    where exists (
      select from public.mentor_active_periods p
      where p.org_id = compute_metrics_oracle.org_id and p.mentor_id = m.mentor_id
        and r.activity_date >= p.active_from and (p.active_to is null or r.activity_date <= p.active_to))
    group by r.id
  ), entries as (
    select r.*, coalesce(c.contacts, '{}') as contacts, coalesce(m.mentors, '{}') as mentors,
      s.active_mentors,
      -- Rule 4 is a scope rule: no active mentor, no figure. Otherwise an entry
      -- above a review limit of its organisation, unconfirmed, is held out.
      case when s.active_mentors is null then 'no_active_mentor'
           when r.review_confirmed_at is null
                and ((l.max_minutes_per_activity is not null and r.duration_minutes > l.max_minutes_per_activity)
                     or (l.max_anonymous_participants is not null and r.anonymous_participants > l.max_anonymous_participants)
                     or (l.max_known_participants is not null
                         and (select count(*) from public.activity_participants ap
                              where ap.org_id = compute_metrics_oracle.org_id and ap.activity_id = r.id) > l.max_known_participants))
           then 'held_for_review' end as left_out,
      -- Rule 2's identity of a real event, with every value a figure reads, as
      -- one text so matching it is one hash lookup.
      concat_ws('|', r.activity_date, r.kind, array_to_string(m.mentors, ','), array_to_string(c.contacts, ','),
                r.duration_minutes, r.anonymous_participants, r.in_norway, r.county) as event_key
    from raw r
    left join contact_sets c on c.activity_id = r.id
    left join mentor_sets m on m.activity_id = r.id
    left join active_sets s on s.id = r.id
    left join public.organisation_review_limits l on l.org_id = compute_metrics_oracle.org_id
  ), left_out as (
    select e.* from entries e where e.left_out is not null
  ), merges as (
    -- Rule 2: a proxy entry and each direct twin it merges into (both in scope).
    -- A join, not IN (subquery): with CTE row estimates the planner may give up
    -- on hashing the subquery and rescan it for every proxy entry.
    select p.id as proxy_id, p.created_at as proxy_created_at, p.mentors, d.id as direct_id
    from entries p
    join entries d on d.event_key = p.event_key and d.registration_path = 'direct' and d.left_out is null
    where p.registration_path = 'proxy' and p.left_out is null
  ), duplicates as (
    select distinct m.proxy_id as id, m.mentors from merges m
  ), kept as (
    select e.* from entries e
    where e.left_out is null and not exists (select from duplicates d where d.id = e.id)
  ), places as (
    -- Rule 2: a kept entry's place in registration order, the earliest of its own
    -- and its merged twins'.
    select distinct on (c.id) c.id, c.place_at, c.place_id
    from (select k.id, k.created_at as place_at, k.id as place_id from kept k
          union all
          select m.direct_id, m.proxy_created_at, m.proxy_id from merges m) c
    order by c.id, c.place_at, c.place_id
  ), classified as (
    -- Rule 3: counting kinds and their thresholds, in Norway.
    select k.*, p.place_at, p.place_id,
      (k.in_norway or not rules.require_in_norway)
      and k.kind = any (rules.counting_kinds)
      and case k.kind
            when 'in_person_outreach' then cardinality(k.contacts) + k.anonymous_participants >= rules.outreach_min_participants
            when 'group_meeting' then cardinality(k.contacts) + k.anonymous_participants >= rules.group_min_participants
                                      and k.duration_minutes >= rules.group_min_minutes
            when 'mentor_course' then k.duration_minutes >= rules.course_min_minutes
            else true
          end as qualifies
    from kept k join places p on p.id = k.id
  ), per_mentor as (
    -- Rule 5, per active mentor and day in order: the mentor's first entry?
    select q.id, m.mentor_id, q.activity_date, q.contacts,
      row_number() over (partition by m.mentor_id, q.activity_date order by q.place_at, q.place_id, q.created_at, q.id) = 1 as first_of_day,
      q.place_at, q.place_id, q.created_at
    from classified q cross join lateral unnest(q.active_mentors) m(mentor_id)
    where q.qualifies
  ), per_mentor_contact as (
    -- ... and for each contact, the mentor's first entry of the day to name it?
    select d.id, d.mentor_id,
      row_number() over (partition by d.mentor_id, d.activity_date, x.contact_id order by d.place_at, d.place_id, d.created_at, d.id) = 1 as first_with_contact
    from per_mentor d cross join lateral unnest(d.contacts) x(contact_id)
  ), new_for_a_mentor as (
    select d.id from per_mentor d where d.first_of_day
    union
    select c.id from per_mentor_contact c where c.first_with_contact
  ), final as (
    select c.*, c.qualifies and c.id in (select n.id from new_for_a_mentor n) as counts
    from classified c
    -- Rule 7: one mentor's figures are the organisation's classification of their activities.
    where compute_metrics_oracle.mentor_id is null or compute_metrics_oracle.mentor_id = any (c.mentors)
  ), months as (
    select to_char(m, 'YYYY-MM') as month
    from generate_series(date_trunc('month', compute_metrics_oracle.period_start::timestamp),
                         compute_metrics_oracle.period_end::timestamp, interval '1 month') m
  )
  select jsonb_build_object(
    'shape_version', 2,
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
      from (select f.county, count(*) as days from final f where f.counts group by 1) c), '{}'::jsonb),
    'entries_left_out_by_reason', (
      select jsonb_object_agg(r.reason, coalesce(c.n, 0))
      from unnest(enum_range(null::public.left_out_reason)) r(reason)
      left join (select l.left_out, count(*) as n from left_out l
                 where compute_metrics_oracle.mentor_id is null or compute_metrics_oracle.mentor_id = any (l.mentors)
                 group by l.left_out) c on c.left_out = r.reason::text)
  ) into figures;

  -- JSON clients read numbers as doubles: refuse rather than round.
  if jsonb_path_exists(figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
    raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
  end if;
  return figures;
end
$$;
comment on function tests.compute_metrics_oracle(uuid, date, date, uuid) is
  'The counting rules of db/fixtures/README.md written out plainly (test oracle, independent of the aggregation): figures for an organisation and period, or one mentor''s.';
