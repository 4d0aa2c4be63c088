-- Purpose: periodic summaries (per mentor and organisation-wide) that clients
--          mirror offline, with delta sync, invalidation, a feature switch and
--          push events.
-- Objects: enum summary_period_type; tables periodic_summaries,
--          summary_push_outbox, private.summary_changes,
--          private.summaries_switches; RPCs generate_periodic_summaries,
--          invalidate_periodic_summaries, list_periodic_summaries_since,
--          set_summaries_enabled; job private.run_summary_job().
-- Why: mentors and coordinators read their summaries on the phone, offline
-- too. Figures come from the same aggregation as the Bufdir snapshots (no second
-- implementation) and pass the same PII allow-list. Sync pulls changes after a
-- cursor built from transaction ids, so a transaction that commits late can
-- never be skipped, and deletions arrive as tombstones.

-- migrate:up
create type public.summary_period_type as enum ('month', 'quarter', 'half_year', 'year');
comment on type public.summary_period_type is 'The length of a summary''s period. The organisation-wide year summary is the annual summary.';

create table public.periodic_summaries (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  mentor_id uuid,
  period_type public.summary_period_type not null,
  period_start date not null,
  period_end date not null,
  summary_data jsonb not null,
  generated_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  invalidated_at timestamptz,
  version integer not null default 1 check (version >= 1),
  primary key (org_id, id),
  -- One summary per organisation, mentor (or none), period type and start.
  constraint periodic_summaries_period_key unique nulls not distinct (org_id, mentor_id, period_type, period_start),
  foreign key (org_id, mentor_id) references public.members (org_id, user_id) on delete cascade,
  check (period_end >= period_start)
);
comment on table public.periodic_summaries is
  'PII-free figures per mentor (mentor_id) or for the whole organisation (mentor_id null) and period. Written only by the summary RPCs.';
comment on column public.periodic_summaries.invalidated_at is 'Set when the figures are known to be wrong or outdated; cleared by regeneration.';
comment on column public.periodic_summaries.version is 'Bumped by every regeneration.';
alter table public.periodic_summaries enable row level security;
create trigger forbid_tenant_change before update on public.periodic_summaries
  for each row execute function private.forbid_tenant_change();
create trigger reject_pii_in_figures before insert or update of summary_data on public.periodic_summaries
  for each row execute function private.reject_pii_in_figures('summary_data');

create policy select_members on public.periodic_summaries for select to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and mentor_id = (select auth.uid()))
  );
comment on policy select_members on public.periodic_summaries is 'Coordinators and admins read their organisation''s summaries; a mentor reads their own.';

-- Append-only change log: the delta-sync cursor is (writer transaction, change id).
create table private.summary_changes (
  org_id uuid not null,
  change_id bigint generated always as identity,
  summary_id uuid not null,
  mentor_id uuid,
  operation text not null check (operation in ('upsert', 'delete')),
  writer_xid xid8 not null default pg_current_xact_id(),
  primary key (org_id, change_id)
);
comment on table private.summary_changes is 'Every insert, update and delete of a periodic summary, with its writer''s transaction id (the sync cursor).';
create index summary_changes_cursor_idx on private.summary_changes (org_id, writer_xid, change_id);
alter table private.summary_changes enable row level security;

create table public.summary_push_outbox (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id bigint generated always as identity,
  event text not null check (event in ('generated', 'invalidated')),
  mentor_id uuid,
  period_type public.summary_period_type not null,
  period_start date not null,
  version integer not null,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  primary key (org_id, id)
);
comment on table public.summary_push_outbox is
  'Push events for a delivery worker (service role): organisation, mentor, period and version; nothing personal. Also announced with pg_notify on channel periodic_summaries.';
create index summary_push_outbox_pending_idx on public.summary_push_outbox (org_id, delivered_at, id);
alter table public.summary_push_outbox enable row level security;

create table private.summaries_switches (
  org_id uuid not null primary key,
  enabled boolean not null,
  changed_at timestamptz not null default now()
);
comment on table private.summaries_switches is
  'Feature switch for periodic summaries. The all-zero org_id is the global switch; no row means enabled.';
alter table private.summaries_switches enable row level security;

create function private.record_summary_changes() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select n.org_id, n.id, n.mentor_id, 'upsert' from new_rows n order by n.org_id, n.id;

    insert into public.summary_push_outbox (org_id, event, mentor_id, period_type, period_start, version)
    select n.org_id, case when n.invalidated_at is null then 'generated' else 'invalidated' end,
           n.mentor_id, n.period_type, n.period_start, n.version
    from new_rows n order by n.org_id, n.id;

    perform pg_catalog.pg_notify('periodic_summaries', jsonb_build_object(
      'org_id', n.org_id, 'mentor_id', n.mentor_id, 'period_type', n.period_type,
      'period_start', n.period_start, 'version', n.version,
      'event', case when n.invalidated_at is null then 'generated' else 'invalidated' end)::text)
    from new_rows n;
  end if;
  return null;
end
$$;
comment on function private.record_summary_changes() is
  'Statement trigger on periodic_summaries: appends to the change log, queues push events and notifies listeners.';
revoke all on function private.record_summary_changes() from public;
create trigger record_changes_insert after insert on public.periodic_summaries
  referencing new table as new_rows for each statement execute function private.record_summary_changes();
create trigger record_changes_update after update on public.periodic_summaries
  referencing new table as new_rows for each statement execute function private.record_summary_changes();
create trigger record_changes_delete after delete on public.periodic_summaries
  referencing old table as old_rows for each statement execute function private.record_summary_changes();

-- Raises BF005 when summaries are switched off for the organisation or
-- everywhere. The service role is exempt: operators repair while it is off.
create function private.require_summaries_enabled(org_id uuid)
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if (select auth.role()) = 'service_role' then
    return;
  end if;
  if exists (select from private.summaries_switches s
             where s.org_id in (require_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000') and not s.enabled) then
    raise exception 'periodic summaries are switched off for organisation %', require_summaries_enabled.org_id
      using errcode = 'BF005';
  end if;
end
$$;
comment on function private.require_summaries_enabled(uuid) is 'Raises BF005 when summaries are switched off for the organisation or globally (the service role is exempt).';
revoke all on function private.require_summaries_enabled(uuid) from public;

create function private.summary_period_end(period_type public.summary_period_type, period_start date)
returns date
language plpgsql immutable
set search_path = ''
as $$
begin
  if summary_period_end.period_start is null or summary_period_end.period_type is null then
    raise exception 'period_type and period_start must not be null' using errcode = '22004';
  end if;
  if extract(day from summary_period_end.period_start) <> 1
     or (summary_period_end.period_type = 'quarter' and extract(month from summary_period_end.period_start)::int % 3 <> 1)
     or (summary_period_end.period_type = 'half_year' and extract(month from summary_period_end.period_start)::int not in (1, 7))
     or (summary_period_end.period_type = 'year' and extract(month from summary_period_end.period_start)::int <> 1) then
    raise exception 'period_start % does not start a %', summary_period_end.period_start, summary_period_end.period_type
      using errcode = '22023';
  end if;
  return (summary_period_end.period_start + case summary_period_end.period_type
            when 'month' then interval '1 month' when 'quarter' then interval '3 months'
            when 'half_year' then interval '6 months' else interval '1 year' end - interval '1 day')::date;
end
$$;
comment on function private.summary_period_end(public.summary_period_type, date) is
  'The inclusive end of a summary period; 22023 when period_start does not start a period of that type.';
revoke all on function private.summary_period_end(public.summary_period_type, date) from public;

-- Computes and upserts the organisation-wide summary and one per mentor who
-- took part in an activity of the period or already has a summary of it.
-- Regeneration clears invalidation and bumps the version.
create function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date)
returns setof public.periodic_summaries
language plpgsql volatile
set search_path = ''
as $$
declare
  period_end date := private.summary_period_end(generate_summaries.period_type, generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(generate_summaries.org_id, generate_summaries.period_start, period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, m.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end,
         private.compute_metrics(generate_summaries.org_id, generate_summaries.period_start, period_end, m.mentor_id)
  from (
    select null::uuid as mentor_id
    union
    select am.mentor_id
    from public.activity_mentors am
    join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
    where am.org_id = generate_summaries.org_id and a.deleted_at is null
      and a.activity_date between generate_summaries.period_start and period_end
    union
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    select s.mentor_id
    from public.periodic_summaries s
    where s.org_id = generate_summaries.org_id and s.period_type = generate_summaries.period_type
      and s.period_start = generate_summaries.period_start and s.mentor_id is not null
  ) m
  order by m.mentor_id nulls first
  on conflict on constraint periodic_summaries_period_key do update
    set summary_data = excluded.summary_data,
        updated_at = now(),
        invalidated_at = null,
        version = s.version + 1
  returning s.*;
end
$$;
comment on function private.generate_summaries(uuid, public.summary_period_type, date) is
  'Upserts the organisation-wide and per-mentor summaries of one period through the shared aggregation.';
revoke all on function private.generate_summaries(uuid, public.summary_period_type, date) from public;

-- Security definer: summaries are written only here, with figures over the whole
-- organisation; the permission and switch checks come first.
create function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date)
returns setof public.periodic_summaries
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if generate_periodic_summaries.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(generate_periodic_summaries.org_id, '{coordinator,admin}');
  perform private.require_summaries_enabled(generate_periodic_summaries.org_id);
  return query select * from private.generate_summaries(
    generate_periodic_summaries.org_id, generate_periodic_summaries.period_type, generate_periodic_summaries.period_start);
end
$$;
comment on function public.generate_periodic_summaries(uuid, public.summary_period_type, date) is
  'Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';
revoke all on function public.generate_periodic_summaries(uuid, public.summary_period_type, date) from public, anon;
grant execute on function public.generate_periodic_summaries(uuid, public.summary_period_type, date) to authenticated, service_role;

-- Security definer: marks rows no API role may write; checks come first.
create function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  marked integer;
begin
  perform hidden.check_snapshot_key(invalidate_periodic_summaries.org_id, invalidate_periodic_summaries.period_start, invalidate_periodic_summaries.period_end);
  perform hidden.require_role(invalidate_periodic_summaries.org_id, '{coordinator,admin}');
  perform private.require_summaries_enabled(invalidate_periodic_summaries.org_id);
  update public.periodic_summaries s
  set invalidated_at = now(), updated_at = now()
  where s.org_id = invalidate_periodic_summaries.org_id
    and s.period_start <= invalidate_periodic_summaries.period_end
    and s.period_end >= invalidate_periodic_summaries.period_start
    and s.invalidated_at is null;
  get diagnostics marked = row_count;
  return marked;
end
$$;
comment on function public.invalidate_periodic_summaries(uuid, date, date) is
  'Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';
revoke all on function public.invalidate_periodic_summaries(uuid, date, date) from public, anon;
grant execute on function public.invalidate_periodic_summaries(uuid, date, date) to authenticated, service_role;

-- The changes after a cursor, oldest first. Only changes of transactions below
-- `horizon` are listed: the caller passes the oldest transaction still running,
-- so every listed change is final and none can commit behind the cursor later.
create function private.summary_changes_after(
  org_id uuid, since_cursor text, page_size integer, horizon xid8, only_mentor uuid)
returns table (
  cursor text,
  operation text,
  summary_id uuid,
  mentor_id uuid,
  period_type public.summary_period_type,
  period_start date,
  period_end date,
  summary_data jsonb,
  generated_at timestamptz,
  updated_at timestamptz,
  invalidated_at timestamptz,
  version integer
)
language plpgsql stable
set search_path = ''
as $$
declare
  after_xid xid8 := '0'::xid8;
  after_change bigint := 0;
begin
  if summary_changes_after.page_size is null or summary_changes_after.page_size not between 1 and 5000 then
    raise exception 'page_size must be between 1 and 5000' using errcode = '22023';
  end if;
  if summary_changes_after.since_cursor is not null then
    if summary_changes_after.since_cursor !~ '^[0-9]{1,19}\.[0-9]{1,19}$' then
      raise exception 'since_cursor is not a cursor returned by list_periodic_summaries_since' using errcode = '22023';
    end if;
    after_xid := split_part(summary_changes_after.since_cursor, '.', 1)::xid8;
    after_change := split_part(summary_changes_after.since_cursor, '.', 2)::bigint;
  end if;
  return query
  select c.writer_xid::text || '.' || c.change_id,
         -- A row deleted since the change is reported as deleted (its delete follows).
         case when s.id is null then 'delete' else c.operation end,
         c.summary_id, c.mentor_id, s.period_type, s.period_start, s.period_end, s.summary_data,
         s.generated_at, s.updated_at, s.invalidated_at, s.version
  from private.summary_changes c
  left join public.periodic_summaries s on s.org_id = c.org_id and s.id = c.summary_id
  where c.org_id = summary_changes_after.org_id
    and c.writer_xid < summary_changes_after.horizon
    and (c.writer_xid, c.change_id) > (after_xid, after_change)
    and (summary_changes_after.only_mentor is null or c.mentor_id = summary_changes_after.only_mentor)
  order by c.writer_xid, c.change_id
  limit summary_changes_after.page_size;
end
$$;
comment on function private.summary_changes_after(uuid, text, integer, xid8, uuid) is
  'The summary changes after a cursor, of transactions below horizon, optionally only one mentor''s. Cursor: "<writer xid>.<change id>".';
revoke all on function private.summary_changes_after(uuid, text, integer, xid8, uuid) from public;

-- Security definer: reads the private change log, filtered here exactly as the
-- select policy filters the table (mentors: their own; coordinators, admins: all).
create function public.list_periodic_summaries_since(org_id uuid, since_cursor text default null, page_size integer default 500)
returns table (
  cursor text,
  operation text,
  summary_id uuid,
  mentor_id uuid,
  period_type public.summary_period_type,
  period_start date,
  period_end date,
  summary_data jsonb,
  generated_at timestamptz,
  updated_at timestamptz,
  invalidated_at timestamptz,
  version integer
)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(list_periodic_summaries_since.org_id);
  sees_all := (select auth.role()) = 'service_role'
    or exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = list_periodic_summaries_since.org_id);
  return query select * from private.summary_changes_after(
    list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size,
    -- Every transaction below the snapshot's xmin has ended.
    pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot()),
    case when sees_all then null else (select auth.uid()) end);
end
$$;
comment on function public.list_periodic_summaries_since(uuid, text, integer) is
  'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor to continue. Only changes of finished transactions are listed, so none committed late is ever skipped. Mentors see their own. Errors: 22004, 22023, 42501, BF005.';
revoke all on function public.list_periodic_summaries_since(uuid, text, integer) from public, anon;
grant execute on function public.list_periodic_summaries_since(uuid, text, integer) to authenticated, service_role;

-- Security definer: writes the private switch table. Global switch: service role
-- only; an organisation's: its admins or the service role.
create function public.set_summaries_enabled(org_id uuid, enabled boolean)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if set_summaries_enabled.enabled is null then
    raise exception 'enabled must not be null' using errcode = '22004';
  end if;
  if set_summaries_enabled.org_id is null then
    if (select auth.role()) is distinct from 'service_role' then
      raise exception 'permission denied: only the service role switches summaries globally' using errcode = '42501';
    end if;
  else
    perform hidden.require_role(set_summaries_enabled.org_id, '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$$;
comment on function public.set_summaries_enabled(uuid, boolean) is
  'Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';
revoke all on function public.set_summaries_enabled(uuid, boolean) from public, anon;
grant execute on function public.set_summaries_enabled(uuid, boolean) to authenticated, service_role;

-- The scheduled job body: summaries of the period(s) that ended the day before
-- `as_of`, for every organisation where summaries are on. db/scheduling/pg_cron.sql
-- registers it with pg_cron on Supabase; tests call it directly.
create function private.run_summary_job(as_of date default current_date)
returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  ended date := run_summary_job.as_of - 1;
  generated integer := 0;
  added integer;
  organisation uuid;
  kind public.summary_period_type;
begin
  if run_summary_job.as_of is null then
    raise exception 'as_of must not be null' using errcode = '22004';
  end if;
  for organisation in
    select o.id from public.organisations o
    where not exists (select from private.summaries_switches s
                      where s.org_id in (o.id, '00000000-0000-0000-0000-000000000000') and not s.enabled)
    order by o.id
  loop
    foreach kind in array enum_range(null::public.summary_period_type) loop
      if private.summary_period_end(kind, case kind
           when 'month' then date_trunc('month', ended)::date
           when 'quarter' then date_trunc('quarter', ended)::date
           when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
           else date_trunc('year', ended)::date end) = ended then
        select count(*) into added from private.generate_summaries(organisation, kind, case kind
           when 'month' then date_trunc('month', ended)::date
           when 'quarter' then date_trunc('quarter', ended)::date
           when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
           else date_trunc('year', ended)::date end);
        generated := generated + added;
      end if;
    end loop;
  end loop;
  return generated;
end
$$;
comment on function private.run_summary_job(date) is
  'Scheduled job: generates the summaries of every period type that ended the day before as_of, for each organisation with summaries on. Returns how many summaries were written.';
revoke all on function private.run_summary_job(date) from public;

-- migrate:down
drop function private.run_summary_job(date);
drop function public.set_summaries_enabled(uuid, boolean);
drop function public.list_periodic_summaries_since(uuid, text, integer);
drop function private.summary_changes_after(uuid, text, integer, xid8, uuid);
drop function public.invalidate_periodic_summaries(uuid, date, date);
drop function public.generate_periodic_summaries(uuid, public.summary_period_type, date);
drop function private.generate_summaries(uuid, public.summary_period_type, date);
drop function private.summary_period_end(public.summary_period_type, date);
drop function private.require_summaries_enabled(uuid);
drop table public.periodic_summaries;
drop function private.record_summary_changes();
drop table private.summaries_switches;
drop table public.summary_push_outbox;
drop table private.summary_changes;
drop type public.summary_period_type;
