-- A row never moves to another organisation, whoever asks: composite foreign keys
-- and policies assume a row's tenant is fixed for its whole life.
create or replace function private.forbid_tenant_change() returns trigger
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
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

revoke all on function private.forbid_tenant_change() from public, anon, authenticated, service_role;
