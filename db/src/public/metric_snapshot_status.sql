create type public.metric_snapshot_status as (
	snapshot_exists boolean,
	snapshot_id uuid,
	computed_at timestamp with time zone,
	age_seconds bigint,
	rule_version text,
	rule_version_in_force text,
	record_count_at_generation bigint,
	record_count_now bigint,
	is_stale boolean,
	reasons text[]
);

comment on type public.metric_snapshot_status is 'Whether a snapshot exists and is stale. Reasons: missing, older_than_24h, activities_changed, roster_changed, rules_changed, generation_unknown.';

create or replace function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) returns public.metric_snapshot_status
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.metric_snapshot_status(org_id => metric_snapshot_status.org_id,
                                              period_start => metric_snapshot_status.period_start,
                                              period_end => metric_snapshot_status.period_end)
$$;

comment on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) is 'Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) is null for mentors. Errors: 22004, 22023, 42501.';

revoke all on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) to service_role;
