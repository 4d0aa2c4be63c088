-- lock_timeout bounds the wait behind the organisation's own writers; the
-- setting is restored when the function returns.
create or replace function private.await_summary_writers(org_id uuid) returns boolean
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    set lock_timeout to '1s'
    as $$
begin
  if not exists (select from private.summary_horizons h where h.org_id = await_summary_writers.org_id) then
    insert into private.summary_horizons (org_id) values (await_summary_writers.org_id)
    on conflict on constraint summary_horizons_pkey do nothing;
  end if;
  perform from private.summary_horizons h where h.org_id = await_summary_writers.org_id for update;
  return true;
exception when lock_not_available then
  return false;
end
$$;

comment on function private.await_summary_writers(org_id uuid) is 'Takes the organisation''s sync horizon exclusively until the transaction ends: true once every writer of its summary changes has ended (none can start meanwhile), false when one is still running after 1 s.';

revoke all on function private.await_summary_writers(org_id uuid) from public, anon, authenticated, service_role;
