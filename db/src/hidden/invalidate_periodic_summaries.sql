create or replace function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) returns integer
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  marked integer;
begin
  perform hidden.check_snapshot_key(org_id => invalidate_periodic_summaries.org_id,
                                    period_start => invalidate_periodic_summaries.period_start,
                                    period_end => invalidate_periodic_summaries.period_end);
  perform hidden.require_role(org_id => invalidate_periodic_summaries.org_id, roles => '{coordinator,admin}');
  perform private.require_summaries_enabled(org_id => invalidate_periodic_summaries.org_id);
  update public.periodic_summaries s
  set invalidated_at = now(), updated_at = now()
  where s.org_id = invalidate_periodic_summaries.org_id
    and s.period_start <= invalidate_periodic_summaries.period_end
    and s.period_end >= invalidate_periodic_summaries.period_start
    and s.invalidated_at is null;
  get diagnostics marked = row_count;
  return marked;
end
$$;

comment on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.invalidate_periodic_summaries, where PostgREST does not expose it; public.invalidate_periodic_summaries (security invoker) calls it. Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to service_role;
