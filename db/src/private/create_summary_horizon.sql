-- Made with the organisation, so writers and readers find it committed: a row
-- made on demand by a writer would make every other writer and reader of the
-- organisation wait for that writer's commit.
create or replace function private.create_summary_horizon() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  insert into private.summary_horizons (org_id)
  select n.id from new_rows n order by n.id
  on conflict on constraint summary_horizons_pkey do nothing;
  return null;
end
$$;

comment on function private.create_summary_horizon() is 'Statement trigger on organisations: makes each new organisation''s sync-horizon row.';

revoke all on function private.create_summary_horizon() from public, anon, authenticated, service_role;
