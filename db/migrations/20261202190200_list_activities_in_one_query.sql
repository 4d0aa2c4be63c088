-- Purpose: list_activities reads a period's activities, mentors and participants
-- in one set-based query instead of one function call per row.
-- Objects: public.list_activities (same signature, result and visibility).
-- Why: hidden.activity_registration() cannot be inlined, so every row of the
-- listing ran its two link subqueries, and the row-level policies behind them
-- (the caller's organisations and links), once more: a coordinator listed
-- 20 000 rows in about 20 s, and a mentor with 15 000 links a month in minutes.
-- Now the period's activities are read once, each link table is joined to them
-- once and grouped by activity, and each policy's helper sets are computed once
-- per table in the statement (they are uncorrelated sub-selects: initplans and
-- hashed subplans). Row-level security still decides every row: the function
-- stays security invoker. hidden.activity_registration() stays for the one-row
-- answers of register_activity, edit_activity and delete_activity.

-- migrate:up
create or replace function public.list_activities(org_id uuid, period_start date, period_end date)
returns setof public.activity_registration
language plpgsql stable
set search_path = pg_catalog, pg_temp
-- The policies' sub-selects make the planner's cost estimate large although each
-- runs once; JIT-compiling that plan took about a second, longer than the query.
set jit = off
as $$
begin
  perform hidden.check_snapshot_key(list_activities.org_id, list_activities.period_start, list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(list_activities.org_id);
  end if;
  return query
  with period as materialized (
    select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
           a.registered_by, a.created_at, a.updated_at, a.deleted_at
    from public.activities a
    where a.org_id = list_activities.org_id
      and a.activity_date between list_activities.period_start and list_activities.period_end
      and a.deleted_at is null
  ),
  mentors as (
    select p.id, pg_catalog.array_agg(am.mentor_id order by am.mentor_id) as ids
    from period p
    join public.activity_mentors am on am.org_id = p.org_id and am.activity_id = p.id
    group by p.id
  ),
  participants as (
    select p.id, pg_catalog.array_agg(ap.contact_id order by ap.contact_id) as ids
    from period p
    join public.activity_participants ap on ap.org_id = p.org_id and ap.activity_id = p.id
    group by p.id
  )
  select p.org_id, p.id, p.kind, p.activity_date, p.duration_minutes, p.anonymous_participants,
         p.municipality_code, p.municipality_code_version, p.in_norway, p.registration_path,
         p.registered_by, p.created_at, p.updated_at, p.deleted_at,
         coalesce(m.ids, '{}'::uuid[]), coalesce(pa.ids, '{}'::uuid[])
  from period p
  left join mentors m on m.id = p.id
  left join participants pa on pa.id = p.id
  order by p.activity_date, p.created_at, p.id;
end
$$;
comment on function public.list_activities(uuid, date, date) is
  'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with sorted mentor and participant ids, in one set-based query under row-level security. Members and the service role. Errors: 22004, 22023, 42501.';
revoke all on function public.list_activities(uuid, date, date) from public, anon;
grant execute on function public.list_activities(uuid, date, date) to authenticated, service_role;

-- migrate:down
create or replace function public.list_activities(org_id uuid, period_start date, period_end date)
returns setof public.activity_registration
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  perform hidden.check_snapshot_key(list_activities.org_id, list_activities.period_start, list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(list_activities.org_id);
  end if;
  return query
  select r.*
  from public.activities a
  cross join lateral hidden.activity_registration(a.org_id, a.id) r
  where a.org_id = list_activities.org_id
    and a.activity_date between list_activities.period_start and list_activities.period_end
    and a.deleted_at is null
  order by a.activity_date, a.created_at, a.id;
end
$$;
comment on function public.list_activities(uuid, date, date) is
  'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with mentor and participant ids. Members and the service role. Errors: 22004, 22023, 42501.';
revoke all on function public.list_activities(uuid, date, date) from public, anon;
grant execute on function public.list_activities(uuid, date, date) to authenticated, service_role;
