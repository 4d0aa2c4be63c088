-- Per-activity limits (minutes, anonymous participants) and, when an entry comes
-- back from a soft delete, its known participants.
create or replace function private.check_activity_limits() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: the known-participant count of a restored entry counts every link,
-- also those the caller cannot read.
declare
  ids uuid[];
  org_ids uuid[];
  days date[];
  minutes integer[];
  anonymous integer[];
  minutes_grew boolean[];
  anonymous_grew boolean[];
  restored boolean[];
  bad record;
begin
  -- Each branch names only the transition tables its event has. Only live rows
  -- whose checked values are new or larger can break a limit.
  if tg_op = 'INSERT' then
    select array_agg(n.id), array_agg(n.org_id), array_agg(n.activity_date), array_agg(n.duration_minutes),
           array_agg(n.anonymous_participants), array_agg(true), array_agg(true), array_agg(false)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from new_rows n
    where n.deleted_at is null;
  else
    select array_agg(c.id), array_agg(c.org_id), array_agg(c.activity_date), array_agg(c.duration_minutes),
           array_agg(c.anonymous_participants), array_agg(c.is_new or c.duration_minutes > c.old_minutes),
           array_agg(c.is_new or c.anonymous_participants > c.old_anonymous), array_agg(c.is_new)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from (
      select n.id, n.org_id, n.activity_date, n.duration_minutes, n.anonymous_participants,
             o.id is null or o.deleted_at is not null as is_new,
             o.duration_minutes as old_minutes, o.anonymous_participants as old_anonymous
      from new_rows n
      left join old_rows o on o.org_id = n.org_id and o.id = n.id
      where n.deleted_at is null
    ) c
    where c.is_new or c.duration_minutes > c.old_minutes or c.anonymous_participants > c.old_anonymous;
  end if;
  if ids is null then
    return null;
  end if;
  with changed as (
    select * from unnest(ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored)
      c(id, org_id, day, minutes, anonymous, minutes_grew, anonymous_grew, restored)
  ), rules as materialized (
    select d.day, r.version, r.max_minutes_per_activity, r.max_anonymous_participants, r.max_known_participants
    from (select distinct c.day from changed c) d
    cross join lateral hidden.rules_in_force(on_date => d.day) r
  ), verdicts as (
    select c.id, c.minutes, c.anonymous, r.version, r.max_minutes_per_activity, r.max_anonymous_participants,
           r.max_known_participants,
           c.minutes_grew and c.minutes > r.max_minutes_per_activity as too_long,
           c.anonymous_grew and c.anonymous > r.max_anonymous_participants as too_many_anonymous,
           c.restored and (select pg_catalog.count(*) from public.activity_participants ap
                           where ap.org_id = c.org_id and ap.activity_id = c.id) > r.max_known_participants as too_many_known
    from changed c
    join rules r on r.day = c.day
  )
  select * into bad from verdicts v
  where v.too_long or v.too_many_anonymous or v.too_many_known
  limit 1;
  if bad.too_long then
    raise exception 'duration_minutes (%) exceeds the limit of % minutes per activity (max_minutes_per_activity, rules %)',
      bad.minutes, bad.max_minutes_per_activity, bad.version using errcode = '22023';
  elsif bad.too_many_anonymous then
    raise exception 'anonymous_participants (%) exceeds the limit of % per activity (max_anonymous_participants, rules %)',
      bad.anonymous, bad.max_anonymous_participants, bad.version using errcode = '22023';
  elsif bad.too_many_known then
    raise exception 'activity % has more known participants than the limit of % (max_known_participants, rules %): it cannot be restored',
      bad.id, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;

comment on function private.check_activity_limits() is 'Statement trigger on activities (insert, update): refuses (22023) a live entry whose minutes or anonymous participants exceed the limits of the rules in force on its date, when the entry is new, restored, or the value grew; a restored entry is also held to the known-participant limit.';

revoke all on function private.check_activity_limits() from public, anon, authenticated, service_role;
