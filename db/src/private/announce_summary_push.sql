create or replace function private.announce_summary_push() returns trigger
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  perform pg_catalog.pg_notify('periodic_summaries', pg_catalog.jsonb_build_object('outbox_id', q.id)::text)
  from (select n.id from queued n order by n.id) q;
  return null;
end
$$;

comment on function private.announce_summary_push() is 'Statement trigger on summary_push_outbox: announces each queued row on channel periodic_summaries by its id alone.';

revoke all on function private.announce_summary_push() from public, anon, authenticated, service_role;
