-- Minutes per mentor-day: on a new mentor link, and when an activity's date or
-- minutes grow or it comes back from a soft delete.
create or replace function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) returns void
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    set plan_cache_mode to 'force_custom_plan'
    as $$
-- Definer: sums every live activity naming the mentor, also those the caller
-- cannot read, and takes the private per-mentor lock. Planner settings:
-- measured (db/README.md, "Measured and tuned").
declare
  bad record;
begin
  if org_ids is null then
    return;
  end if;
  perform private.lock_mentors(org_ids => org_ids, mentor_ids => mentor_ids);
  -- After the lock, in a statement of its own: its snapshot sees what the
  -- writers we waited for committed. A few mentor-days (a registration, an
  -- edit) are summed one by one, each an index lookup of the organisation's
  -- entries that day or of the mentor's links, whichever the planner finds
  -- smaller; a bulk load sums all touched mentor-days in one grouped join.
  if pg_catalog.cardinality(org_ids) <= 1000 then
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(on_date => d.day) r
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    cross join lateral (
      select pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where am.org_id = t.org_id and am.mentor_id = t.mentor_id
        and a.activity_date = t.day and a.deleted_at is null
    ) s
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  else
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(on_date => d.day) r
    ), sums as (
      select am.org_id, am.mentor_id, a.activity_date as day, pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where a.deleted_at is null
        and (am.org_id, am.mentor_id) in (select distinct t.org_id, t.mentor_id from touched t)
        and a.activity_date in (select r.day from rules r)
      group by am.org_id, am.mentor_id, a.activity_date
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    join sums s on s.org_id = t.org_id and s.mentor_id = t.mentor_id and s.day = t.day
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  end if;
  if bad.mentor_id is not null then
    raise exception 'mentor % would have % minutes of activities on %, more than the limit of % per mentor-day (max_minutes_per_mentor_day, rules %)',
      bad.mentor_id, bad.minutes, bad.day, bad.max_minutes_per_mentor_day, bad.version using errcode = '22023';
  end if;
end
$$;

comment on function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) is 'Under the private per-(organisation, mentor) lock, refuses (22023) when any of the given (organisation, mentor, day) triples has live activities summing to more minutes than the rules in force that day allow (max_minutes_per_mentor_day). Called by the mentor-day triggers.';

revoke all on function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) from public, anon, authenticated, service_role;
