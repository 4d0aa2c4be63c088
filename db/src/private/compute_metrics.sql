create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null::uuid) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select f.figures
  from private.aggregate_figures(
    org_id => compute_metrics.org_id, period_start => compute_metrics.period_start, period_end => compute_metrics.period_end,
    every_mentor => false,
    mentor_ids => case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) is 'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures). PII-free by construction.';

revoke all on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) from public, anon, authenticated, service_role;
