-- Security invoker: the delete policy decides, so a mentor is refused by RLS itself.
create or replace function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) returns void
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  deleted integer;
begin
  perform hidden.check_snapshot_key(org_id => delete_metric_snapshot.org_id, period_start => delete_metric_snapshot.period_start,
                                    period_end => delete_metric_snapshot.period_end);
  perform hidden.require_role(org_id => delete_metric_snapshot.org_id);
  delete from public.bufdir_metric_snapshots s
  where s.org_id = delete_metric_snapshot.org_id
    and s.period_start = delete_metric_snapshot.period_start
    and s.period_end = delete_metric_snapshot.period_end;
  get diagnostics deleted = row_count;
  if deleted = 0 then
    if exists (select from public.bufdir_metric_snapshots s
               where s.org_id = delete_metric_snapshot.org_id
                 and s.period_start = delete_metric_snapshot.period_start
                 and s.period_end = delete_metric_snapshot.period_end) then
      raise exception 'permission denied: only coordinators and admins delete snapshots' using errcode = '42501';
    end if;
    raise exception 'no snapshot for organisation % from % to %',
      delete_metric_snapshot.org_id, delete_metric_snapshot.period_start, delete_metric_snapshot.period_end
      using errcode = 'P0002';
  end if;
end
$$;

comment on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Deletes the snapshot of an organisation and period. Coordinators, admins, service role (enforced by RLS). Errors: 22004, 22023, 42501, P0002 (no such snapshot).';

revoke all on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;
