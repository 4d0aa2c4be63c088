-- Computes and upserts the organisation-wide summary and one per mentor who
-- took part in an activity of the period or already has a summary of it, all
-- from one run of the aggregation. Regeneration clears invalidation and bumps
-- the version.
create or replace function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  period_end date := private.summary_period_end(period_type => generate_summaries.period_type,
                                                period_start => generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(org_id => generate_summaries.org_id, period_start => generate_summaries.period_start,
                                    period_end => period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, f.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end, f.figures
  from private.aggregate_figures(
    org_id => generate_summaries.org_id, period_start => generate_summaries.period_start, period_end => period_end,
    every_mentor => true,
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    mentor_ids => array(select s.mentor_id from public.periodic_summaries s
          where s.org_id = generate_summaries.org_id and s.period_type = generate_summaries.period_type
            and s.period_start = generate_summaries.period_start and s.mentor_id is not null)) f
  order by f.mentor_id nulls first
  on conflict on constraint periodic_summaries_period_key do update
    set summary_data = excluded.summary_data,
        updated_at = now(),
        invalidated_at = null,
        version = s.version + 1
  returning s.*;
end
$$;

comment on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Upserts the organisation-wide and per-mentor summaries of one period from one run of the aggregation.';

revoke all on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
