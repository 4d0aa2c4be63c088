create or replace function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) returns setof public.bufdir_metric_snapshots
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  perform hidden.check_snapshot_key(org_id => get_metric_snapshot.org_id, period_start => get_metric_snapshot.period_start,
                                    period_end => get_metric_snapshot.period_end);
  perform hidden.require_role(org_id => get_metric_snapshot.org_id);
  -- One lookup on the unique index; never aggregates.
  return query
    select s.* from public.bufdir_metric_snapshots s
    where s.org_id = get_metric_snapshot.org_id
      and s.period_start = get_metric_snapshot.period_start
      and s.period_end = get_metric_snapshot.period_end;
end
$$;

comment on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The cached snapshot for an organisation and inclusive period: zero or one row. Any member. Errors: 22004, 22023, 42501.';

revoke all on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;
