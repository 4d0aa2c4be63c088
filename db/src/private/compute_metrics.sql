create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null::uuid, rule_version text default null::text) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select f.figures
  from private.aggregate_figures(
    org_id => compute_metrics.org_id, period_start => compute_metrics.period_start, period_end => compute_metrics.period_end,
    every_mentor => false,
    mentor_ids => case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end,
    rule_version => compute_metrics.rule_version) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid, rule_version text) is 'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures), under the rules in force on period_start or the given rule_version. PII-free by construction.';

revoke all on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid, rule_version text) from public, anon, authenticated, service_role;
