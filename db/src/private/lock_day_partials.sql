create or replace function private.lock_day_partials(org_id uuid) returns void
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  -- In milliseconds; 0 means no timeout.
  caller_timeout bigint := (select s.setting::bigint from pg_catalog.pg_settings s where s.name = 'lock_timeout');
  wait_ms bigint := case when caller_timeout between 1 and 5000 then caller_timeout else 5000 end;
begin
  -- Rows come with their organisations; one that is missing is made here.
  if not exists (select from private.day_partial_locks l where l.org_id = lock_day_partials.org_id) then
    insert into private.day_partial_locks (org_id) values (lock_day_partials.org_id)
    on conflict on constraint day_partial_locks_pkey do nothing;
  end if;
  -- The caller's lock_timeout when it is shorter, else 5 s; the caller's setting
  -- is restored afterwards (an error ends the transaction anyway).
  perform pg_catalog.set_config('lock_timeout', wait_ms::text, true);
  begin
    perform from private.day_partial_locks l where l.org_id = lock_day_partials.org_id for update;
  exception when lock_not_available then
    raise exception 'the day partials of organisation % are being rebuilt by another transaction, still running after % ms',
      lock_day_partials.org_id, wait_ms
      using errcode = '55P03', hint = 'Nothing was changed; try again shortly.';
  end;
  perform pg_catalog.set_config('lock_timeout', caller_timeout::text, true);
end
$$;

comment on function private.lock_day_partials(org_id uuid) is 'Takes the organisation''s day-partials lock (a row lock on private.day_partial_locks, making the row when missing) until the transaction ends, waiting at most 5 s or the caller''s shorter lock_timeout; then 55P03 (another rebuild is still running).';

revoke all on function private.lock_day_partials(org_id uuid) from public, anon, authenticated, service_role;
