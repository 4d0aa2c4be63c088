create or replace function hidden.check_snapshot_key(org_id uuid, period_start date, period_end date) returns void
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  latest date := (date_trunc('year', now()::date) + interval '2 years - 1 day')::date;
begin
  if check_snapshot_key.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif check_snapshot_key.period_start is null then
    raise exception 'period_start must not be null' using errcode = '22004';
  elsif check_snapshot_key.period_end is null then
    raise exception 'period_end must not be null' using errcode = '22004';
  elsif not pg_catalog.isfinite(check_snapshot_key.period_start) then
    raise exception 'period_start must be a calendar date, not %', check_snapshot_key.period_start using errcode = '22023';
  elsif not pg_catalog.isfinite(check_snapshot_key.period_end) then
    raise exception 'period_end must be a calendar date, not %', check_snapshot_key.period_end using errcode = '22023';
  elsif check_snapshot_key.period_end < check_snapshot_key.period_start then
    raise exception 'period_end (%) is before period_start (%)', check_snapshot_key.period_end, check_snapshot_key.period_start
      using errcode = '22023';
  elsif check_snapshot_key.period_end - check_snapshot_key.period_start + 1 > 366 then
    raise exception 'the period from period_start % to period_end % spans % days; at most 366 are allowed',
      check_snapshot_key.period_start, check_snapshot_key.period_end, check_snapshot_key.period_end - check_snapshot_key.period_start + 1
      using errcode = '22023';
  elsif check_snapshot_key.period_start < date '2000-01-01' then
    raise exception 'period_start (%) is before 2000-01-01', check_snapshot_key.period_start using errcode = '22023';
  elsif check_snapshot_key.period_end > latest then
    raise exception 'period_end (%) is after %, the end of next year', check_snapshot_key.period_end, latest
      using errcode = '22023';
  end if;
end
$$;

comment on function hidden.check_snapshot_key(org_id uuid, period_start date, period_end date) is 'Validates an (organisation, period) argument triple: 22004 for a null, 22023 for an infinite, reversed, over-long or out-of-range period. Messages name the argument.';

revoke all on function hidden.check_snapshot_key(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.check_snapshot_key(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.check_snapshot_key(org_id uuid, period_start date, period_end date) to service_role;
