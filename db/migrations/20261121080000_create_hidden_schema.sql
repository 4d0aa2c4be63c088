-- Purpose: the home of helpers the API roles call but PostgREST does not publish.
-- Objects: schema `hidden`; trigger functions private.touch_updated_at(),
--          private.forbid_tenant_change().
-- Why: row-level policies run as the caller, so the helpers they call must be
-- usable by the API roles; `hidden` is not in PostgREST's exposed schemas, so
-- they are not RPCs. Trigger functions need no caller privileges and stay in
-- `private`.

-- migrate:up
create schema hidden;
comment on schema hidden is 'Helpers for row-level policies: usable by the API roles, not exposed as RPCs.';
revoke all on schema hidden from public;
grant usage on schema hidden to anon, authenticated, service_role;

create function private.touch_updated_at() returns trigger
language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function private.touch_updated_at() is 'Trigger: keeps updated_at current on every update.';

-- A row never moves to another organisation, whoever asks: composite foreign keys
-- and policies assume a row's tenant is fixed for its whole life.
create function private.forbid_tenant_change() returns trigger
language plpgsql
as $$
begin
  if new.org_id is distinct from old.org_id then
    raise exception 'a row cannot move to another organisation (table %)', tg_table_name
      using errcode = '42501';
  end if;
  return new;
end
$$;
comment on function private.forbid_tenant_change() is 'Trigger: refuses an update that changes org_id (42501).';

-- migrate:down
drop function private.forbid_tenant_change();
drop function private.touch_updated_at();
drop schema hidden;
