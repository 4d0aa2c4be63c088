-- Made with the organisation, so a first rebuild does not make the others wait
-- for its commit to see the row.
create or replace function private.create_day_partial_lock() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: whoever creates the organisation, the row belongs to the owner's private table.
begin
  insert into private.day_partial_locks (org_id)
  select n.id from new_rows n order by n.id
  on conflict on constraint day_partial_locks_pkey do nothing;
  return null;
end
$$;

comment on function private.create_day_partial_lock() is 'Statement trigger on organisations: makes each new organisation''s day-partials lock row.';

revoke all on function private.create_day_partial_lock() from public, anon, authenticated, service_role;
