create or replace function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) returns public.metric_snapshot_status
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  status public.metric_snapshot_status;
begin
  perform hidden.check_snapshot_key(org_id => metric_snapshot_status.org_id, period_start => metric_snapshot_status.period_start,
                                    period_end => metric_snapshot_status.period_end);
  perform hidden.require_role(org_id => metric_snapshot_status.org_id);
  status := private.snapshot_status(org_id => metric_snapshot_status.org_id, period_start => metric_snapshot_status.period_start,
                                    period_end => metric_snapshot_status.period_end);
  if not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{coordinator,admin}') o
                     where o = metric_snapshot_status.org_id) then
    status.record_count_now := null;
  end if;
  return status;
end
$$;

comment on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.metric_snapshot_status, where PostgREST does not expose it; public.metric_snapshot_status (security invoker) calls it. Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) only for coordinators, admins and the service role, null for mentors. Errors: 22004, 22023, 42501.';

revoke all on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) to service_role;
