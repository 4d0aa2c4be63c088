-- Purpose: softer, per-organisation plausibility limits that hold an entry for
-- review instead of refusing it, and the confirmation that releases it.
-- Objects: enum public.review_limit; table public.organisation_review_limits
--          (policy select_members, staleness and tenant triggers); columns
--          review_confirmed_at, review_confirmed_by on public.activities with
--          index activities_review_confirmed_idx; trigger functions
--          private.guard_review_confirmation(), private.clear_review_confirmation();
--          predicates private.exceeds_review_limits(), private.exceeded_review_limits();
--          composite public.held_activity; RPCs set_review_limits,
--          confirm_activity, list_held_activities (invoker wrappers over
--          security-definer bodies in hidden).
-- Why: the hard limits of the counting rules refuse only the impossible. Below
-- them, what is plausible depends on the organisation (a mentor course may run
-- all day in one, never longer than two hours in another). An admin sets the
-- organisation's review limits; an entry above any of them is held out of the
-- figures until a coordinator or admin confirms it, and the held entries are
-- listed for them. A confirmation belongs to the values it confirmed: any later
-- change of the entry's counted values or its participant links clears it, and
-- no API role can write it on the table path. Changing the limits changes which
-- entries count, so it marks the organisation's figures stale the way a roster
-- change does (private.record_roster_changes: every day partial and snapshot of
-- the organisation is judged again).

-- migrate:up
create type public.review_limit as enum ('minutes_per_activity', 'anonymous_participants', 'known_participants');
comment on type public.review_limit is 'A per-organisation review limit an activity can exceed.';

create table public.organisation_review_limits (
  org_id uuid primary key references public.organisations (id) on delete cascade,
  max_minutes_per_activity integer check (max_minutes_per_activity between 1 and 1440),
  max_anonymous_participants integer check (max_anonymous_participants between 0 and 100000),
  max_known_participants integer check (max_known_participants >= 0),
  updated_at timestamptz not null default now(),
  updated_by uuid
);
comment on table public.organisation_review_limits is
  'Per organisation: soft plausibility limits (null: none). A live activity above any of them is held out of the figures until a coordinator or admin confirms it (confirm_activity). Written by set_review_limits (admins) and the service role.';
alter table public.organisation_review_limits enable row level security;
create policy select_members on public.organisation_review_limits for select to authenticated
  using (org_id in (select hidden.caller_org_ids()));
comment on policy select_members on public.organisation_review_limits is
  'The organisation''s approved members read its review limits; admins change them through set_review_limits.';
revoke all on table public.organisation_review_limits from anon, authenticated, service_role;
grant select on table public.organisation_review_limits to authenticated;
grant select, insert, update, delete on table public.organisation_review_limits to service_role;

create trigger touch_updated_at before update on public.organisation_review_limits
  for each row execute function private.touch_updated_at();
create trigger forbid_tenant_change before update on public.organisation_review_limits
  for each row execute function private.forbid_tenant_change();
-- Which entries are held changes with the limits: every figure of the
-- organisation is judged again, as after a roster change.
create trigger record_changes_insert after insert on public.organisation_review_limits
  referencing new table as new_rows
  for each statement execute function private.record_roster_changes();
create trigger record_changes_update after update on public.organisation_review_limits
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.record_roster_changes();
create trigger record_changes_delete after delete on public.organisation_review_limits
  referencing old table as old_rows
  for each statement execute function private.record_roster_changes();
comment on function private.record_roster_changes() is
  'Statement trigger on members, mentor_active_periods and organisation_review_limits: marks the organisation''s roster (who and what counts) as changed.';

alter table public.activities
  add column review_confirmed_at timestamptz,
  add column review_confirmed_by uuid,
  add constraint activities_review_confirmed_check check ((review_confirmed_at is null) = (review_confirmed_by is null));
comment on column public.activities.review_confirmed_at is
  'When a coordinator or admin confirmed the entry despite its organisation''s review limits (confirm_activity); cleared when its counted values or participants change.';
comment on column public.activities.review_confirmed_by is 'Who confirmed the entry (confirm_activity).';
create index activities_review_confirmed_idx on public.activities (org_id, id) where review_confirmed_at is not null;

create function private.guard_review_confirmation()
returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- Only the table owner writes a confirmation: confirm_activity's definer body
  -- and the owner's triggers run as it; the API roles never do.
  if (tg_op = 'INSERT' and (new.review_confirmed_at is not null or new.review_confirmed_by is not null))
     or (tg_op = 'UPDATE' and (new.review_confirmed_at, new.review_confirmed_by)
                              is distinct from (old.review_confirmed_at, old.review_confirmed_by)) then
    if not pg_catalog.pg_has_role(current_user,
             (select c.relowner from pg_catalog.pg_class c where c.oid = tg_relid), 'MEMBER') then
      raise exception 'permission denied: review_confirmed_at and review_confirmed_by are set by confirm_activity only'
        using errcode = '42501';
    end if;
  end if;
  -- A confirmation holds for the values confirmed.
  if tg_op = 'UPDATE' and old.review_confirmed_at is not null
     and (new.kind, new.activity_date, new.duration_minutes, new.anonymous_participants, new.municipality_code,
          new.municipality_code_version, new.in_norway, new.registration_path, new.deleted_at)
         is distinct from
         (old.kind, old.activity_date, old.duration_minutes, old.anonymous_participants, old.municipality_code,
          old.municipality_code_version, old.in_norway, old.registration_path, old.deleted_at) then
    new.review_confirmed_at := null;
    new.review_confirmed_by := null;
  end if;
  return new;
end
$$;
comment on function private.guard_review_confirmation() is
  'Row trigger on activities: refuses (42501) a review confirmation written by anyone but the table owner (confirm_activity), and clears a confirmation when the entry''s counted values change.';
revoke all on function private.guard_review_confirmation() from public;
-- The conditions keep ordinary writes (no confirmation anywhere) free of a function call.
create trigger guard_review_confirmation_insert before insert on public.activities
  for each row when (new.review_confirmed_at is not null or new.review_confirmed_by is not null)
  execute function private.guard_review_confirmation();
create trigger guard_review_confirmation_update before update on public.activities
  for each row when (old.review_confirmed_at is not null or new.review_confirmed_at is not null
                     or old.review_confirmed_by is not null or new.review_confirmed_by is not null)
  execute function private.guard_review_confirmation();

create function private.clear_review_confirmation()
returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: clears the confirmation as the table owner, whoever changed the links.
begin
  -- Driven by the few confirmed entries (a partial index), not by the links:
  -- a bulk load of links costs one probe of an almost empty index.
  if tg_op = 'INSERT' then
    update public.activities a
    set review_confirmed_at = null, review_confirmed_by = null
    where a.review_confirmed_at is not null
      and exists (select from new_rows n where n.org_id = a.org_id and n.activity_id = a.id);
  else
    update public.activities a
    set review_confirmed_at = null, review_confirmed_by = null
    where a.review_confirmed_at is not null
      and exists (select from old_rows o where o.org_id = a.org_id and o.activity_id = a.id);
  end if;
  return null;
end
$$;
comment on function private.clear_review_confirmation() is
  'Statement trigger on activity_participants (insert, delete): clears the review confirmation of every activity whose participants changed.';
revoke all on function private.clear_review_confirmation() from public;
create trigger clear_review_confirmation_insert after insert on public.activity_participants
  referencing new table as new_rows
  for each statement execute function private.clear_review_confirmation();
create trigger clear_review_confirmation_delete after delete on public.activity_participants
  referencing old table as old_rows
  for each statement execute function private.clear_review_confirmation();

-- The predicate the figures use to leave held entries out: true when a value
-- exceeds a limit that is set. Null limits (or no limits row) hold nothing.
create function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer,
                                               anonymous integer, known_participants integer)
returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(exceeds_review_limits.minutes > (exceeds_review_limits.limits).max_minutes_per_activity, false)
      or coalesce(exceeds_review_limits.anonymous > (exceeds_review_limits.limits).max_anonymous_participants, false)
      or coalesce(exceeds_review_limits.known_participants > (exceeds_review_limits.limits).max_known_participants, false)
$$;
comment on function private.exceeds_review_limits(public.organisation_review_limits, integer, integer, integer) is
  'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null. Its pinned search_path keeps PostgreSQL from inlining it: a query over many activities writes the same three coalesce(value > limit, false) terms inline, with the limits read once (private.review_limits_of).';
revoke all on function private.exceeds_review_limits(public.organisation_review_limits, integer, integer, integer) from public;

-- The organisation's limits, read once per query (a row of nulls when it has none).
create function private.review_limits_of(org_id uuid)
returns public.organisation_review_limits
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select l from public.organisation_review_limits l where l.org_id = review_limits_of.org_id
$$;
comment on function private.review_limits_of(uuid) is
  'An organisation''s review limits (null when it has none), for a query to read once and test every activity against.';
revoke all on function private.review_limits_of(uuid) from public;

create function private.exceeded_review_limits(limits public.organisation_review_limits, minutes integer,
                                               anonymous integer, known_participants integer)
returns public.review_limit[]
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select array_remove(array[
    case when exceeded_review_limits.minutes > (exceeded_review_limits.limits).max_minutes_per_activity
         then 'minutes_per_activity'::public.review_limit end,
    case when exceeded_review_limits.anonymous > (exceeded_review_limits.limits).max_anonymous_participants
         then 'anonymous_participants'::public.review_limit end,
    case when exceeded_review_limits.known_participants > (exceeded_review_limits.limits).max_known_participants
         then 'known_participants'::public.review_limit end], null)
$$;
comment on function private.exceeded_review_limits(public.organisation_review_limits, integer, integer, integer) is
  'The review limits an activity''s values exceed, in enum order (empty when none); non-empty exactly when private.exceeds_review_limits is true.';
revoke all on function private.exceeded_review_limits(public.organisation_review_limits, integer, integer, integer) from public;

create type public.held_activity as (
  org_id uuid,
  activity_id uuid,
  activity_date date,
  kind public.activity_kind,
  registration_path public.registration_path,
  registered_by uuid,
  duration_minutes integer,
  anonymous_participants integer,
  known_participants integer,
  -- review_limit values as text: a client reading the row over the PostgreSQL
  -- protocol gets an enum array as one unparsed string, a text array as a list.
  exceeded_limits text[],
  review_confirmed_at timestamptz,
  review_confirmed_by uuid
);
comment on type public.held_activity is
  'An activity measured against its organisation''s review limits: its checked values, the limits they exceed, and its confirmation (null while held).';

-- set_review_limits
create function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer,
                                         max_anonymous_participants integer, max_known_participants integer)
returns public.organisation_review_limits
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: API roles hold no write privilege on the table; this body checks the
-- caller (an approved admin of the organisation) first.
declare
  result public.organisation_review_limits;
begin
  if set_review_limits.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(set_review_limits.org_id, '{admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: review limits are set by an admin of the organisation' using errcode = '42501';
  end if;
  if set_review_limits.max_minutes_per_activity not between 1 and 1440 then
    raise exception 'max_minutes_per_activity (%) must be between 1 and 1440, or null for no limit',
      set_review_limits.max_minutes_per_activity using errcode = '22023';
  elsif set_review_limits.max_anonymous_participants not between 0 and 100000 then
    raise exception 'max_anonymous_participants (%) must be between 0 and 100000, or null for no limit',
      set_review_limits.max_anonymous_participants using errcode = '22023';
  elsif set_review_limits.max_known_participants < 0 then
    raise exception 'max_known_participants (%) must not be negative, or null for no limit',
      set_review_limits.max_known_participants using errcode = '22023';
  end if;
  insert into public.organisation_review_limits as l
    (org_id, max_minutes_per_activity, max_anonymous_participants, max_known_participants, updated_by)
  values (set_review_limits.org_id, set_review_limits.max_minutes_per_activity,
          set_review_limits.max_anonymous_participants, set_review_limits.max_known_participants,
          hidden.request_user_id())
  on conflict on constraint organisation_review_limits_pkey do update
    set max_minutes_per_activity = excluded.max_minutes_per_activity,
        max_anonymous_participants = excluded.max_anonymous_participants,
        max_known_participants = excluded.max_known_participants,
        updated_by = excluded.updated_by
  returning l.* into result;
  return result;
end
$$;
comment on function hidden.set_review_limits(uuid, integer, integer, integer) is
  'The security-definer body of public.set_review_limits, where PostgREST does not expose it; public.set_review_limits (security invoker) calls it.';
revoke all on function hidden.set_review_limits(uuid, integer, integer, integer) from public, anon;
grant execute on function hidden.set_review_limits(uuid, integer, integer, integer) to authenticated;

create function public.set_review_limits(org_id uuid, max_minutes_per_activity integer default null,
                                         max_anonymous_participants integer default null,
                                         max_known_participants integer default null)
returns public.organisation_review_limits
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select hidden.set_review_limits(set_review_limits.org_id, set_review_limits.max_minutes_per_activity,
                                  set_review_limits.max_anonymous_participants, set_review_limits.max_known_participants)
$$;
comment on function public.set_review_limits(uuid, integer, integer, integer) is
  'Sets the organisation''s review limits (null: no limit), replacing all three; admins of the organisation only. Entries above a limit are held out of the figures until confirmed; the organisation''s figures become stale. Errors: 22004, 22023, 42501.';
revoke all on function public.set_review_limits(uuid, integer, integer, integer) from public, anon;
grant execute on function public.set_review_limits(uuid, integer, integer, integer) to authenticated;

-- confirm_activity
create function hidden.confirm_activity(org_id uuid, activity_id uuid)
returns public.held_activity
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: only the table owner writes a confirmation (private.guard_review_confirmation);
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
  target public.activities;
  measured public.held_activity;
begin
  if confirm_activity.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif confirm_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(confirm_activity.org_id, '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: entries are confirmed by a coordinator or admin of the organisation' using errcode = '42501';
  end if;
  select a.* into target from public.activities a
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id and a.deleted_at is null
  for no key update;
  if target.id is null then
    raise exception 'no activity % in organisation %', confirm_activity.activity_id, confirm_activity.org_id using errcode = 'P0002';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = confirm_activity.org_id;
  select target.org_id, target.id, target.activity_date, target.kind, target.registration_path, target.registered_by,
         target.duration_minutes, target.anonymous_participants, k.known,
         private.exceeded_review_limits(limits, target.duration_minutes, target.anonymous_participants, k.known)::text[],
         null::timestamptz, null::uuid
  into measured
  from (select pg_catalog.count(*)::integer as known from public.activity_participants ap
        where ap.org_id = target.org_id and ap.activity_id = target.id) k;
  if measured.exceeded_limits = '{}' then
    raise exception 'activity % exceeds no review limit of its organisation: there is nothing to confirm', confirm_activity.activity_id
      using errcode = '22023';
  end if;
  update public.activities a
  set review_confirmed_at = pg_catalog.now(), review_confirmed_by = hidden.request_user_id()
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id;
  measured.review_confirmed_at := pg_catalog.now();
  measured.review_confirmed_by := hidden.request_user_id();
  return measured;
end
$$;
comment on function hidden.confirm_activity(uuid, uuid) is
  'The security-definer body of public.confirm_activity, where PostgREST does not expose it; public.confirm_activity (security invoker) calls it.';
revoke all on function hidden.confirm_activity(uuid, uuid) from public, anon;
grant execute on function hidden.confirm_activity(uuid, uuid) to authenticated;

create function public.confirm_activity(org_id uuid, activity_id uuid)
returns public.held_activity
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select hidden.confirm_activity(confirm_activity.org_id, confirm_activity.activity_id)
$$;
comment on function public.confirm_activity(uuid, uuid) is
  'Confirms a live activity that exceeds its organisation''s review limits, so it counts again; coordinators and admins of the organisation. A later change of its counted values or participants clears the confirmation. Errors: 22004, 22023 (it exceeds no limit), 42501, P0002 (missing or deleted).';
revoke all on function public.confirm_activity(uuid, uuid) from public, anon;
grant execute on function public.confirm_activity(uuid, uuid) to authenticated;

-- list_held_activities
create function hidden.list_held_activities(org_id uuid, period_start date, period_end date)
returns setof public.held_activity
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: counts every participant link of the entries, whoever registered them;
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
begin
  perform hidden.check_snapshot_key(list_held_activities.org_id, list_held_activities.period_start, list_held_activities.period_end);
  perform hidden.require_role(list_held_activities.org_id, '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: held entries are listed for coordinators and admins of the organisation' using errcode = '42501';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = list_held_activities.org_id;
  if limits.org_id is null then
    return;
  end if;
  return query
  select h.*
  from (
    select a.org_id, a.id, a.activity_date, a.kind, a.registration_path, a.registered_by, a.duration_minutes,
           a.anonymous_participants, k.known,
           private.exceeded_review_limits(limits, a.duration_minutes, a.anonymous_participants, k.known)::text[] as exceeded,
           a.review_confirmed_at, a.review_confirmed_by
    from public.activities a
    cross join lateral (
      select pg_catalog.count(*)::integer as known from public.activity_participants ap
      where ap.org_id = a.org_id and ap.activity_id = a.id) k
    where a.org_id = list_held_activities.org_id
      and a.activity_date between list_held_activities.period_start and list_held_activities.period_end
      and a.deleted_at is null and a.review_confirmed_at is null
  ) h
  where h.exceeded <> '{}'
  order by h.activity_date, h.id;
end
$$;
comment on function hidden.list_held_activities(uuid, date, date) is
  'The security-definer body of public.list_held_activities, where PostgREST does not expose it; public.list_held_activities (security invoker) calls it.';
revoke all on function hidden.list_held_activities(uuid, date, date) from public, anon;
grant execute on function hidden.list_held_activities(uuid, date, date) to authenticated;

create function public.list_held_activities(org_id uuid, period_start date, period_end date)
returns setof public.held_activity
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.list_held_activities(list_held_activities.org_id, list_held_activities.period_start,
                                            list_held_activities.period_end)
$$;
comment on function public.list_held_activities(uuid, date, date) is
  'The live, unconfirmed activities of the period that exceed the organisation''s review limits, with the limits each exceeds, by date; coordinators and admins of the organisation. Errors: 22004, 22023 (the period), 42501.';
revoke all on function public.list_held_activities(uuid, date, date) from public, anon;
grant execute on function public.list_held_activities(uuid, date, date) to authenticated;

-- migrate:down
drop function public.list_held_activities(uuid, date, date);
drop function hidden.list_held_activities(uuid, date, date);
drop function public.confirm_activity(uuid, uuid);
drop function hidden.confirm_activity(uuid, uuid);
drop function public.set_review_limits(uuid, integer, integer, integer);
drop function hidden.set_review_limits(uuid, integer, integer, integer);
drop type public.held_activity;
drop function private.review_limits_of(uuid);
drop function private.exceeded_review_limits(public.organisation_review_limits, integer, integer, integer);
drop function private.exceeds_review_limits(public.organisation_review_limits, integer, integer, integer);
drop trigger clear_review_confirmation_delete on public.activity_participants;
drop trigger clear_review_confirmation_insert on public.activity_participants;
drop function private.clear_review_confirmation();
drop trigger guard_review_confirmation_update on public.activities;
drop trigger guard_review_confirmation_insert on public.activities;
drop function private.guard_review_confirmation();
drop index public.activities_review_confirmed_idx;
alter table public.activities
  drop constraint activities_review_confirmed_check,
  drop column review_confirmed_by,
  drop column review_confirmed_at;
comment on function private.record_roster_changes() is
  'Statement trigger on members and mentor_active_periods: marks the organisation''s roster as changed.';
drop table public.organisation_review_limits;
drop type public.review_limit;
