create or replace function private.touch_updated_at() returns trigger
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  new.updated_at := now();
  return new;
end
$$;

comment on function private.touch_updated_at() is 'Trigger: keeps updated_at current on every update.';

revoke all on function private.touch_updated_at() from public, anon, authenticated, service_role;
