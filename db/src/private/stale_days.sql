-- The days of a period whose stored partials are missing or no longer match the
-- bookkeeping (as this transaction sees it) or the rule version.
create or replace function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) returns date[]
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned").
  select coalesce(array_agg(s.day order by s.day), '{}')
  from private.activity_day_stats s
  left join private.roster_changes r on r.org_id = s.org_id
  left join private.day_partials p on p.org_id = s.org_id and p.day = s.day
  where s.org_id = stale_days.org_id and s.day between stale_days.period_start and stale_days.period_end
    and (p.day is null
         or p.rule_version <> stale_days.rule_version
         or p.change_xid <> s.last_change_xid or p.change_seq <> s.last_change_seq
         or p.roster_xid is distinct from r.last_change_xid or p.roster_seq is distinct from r.last_change_seq)
$$;

comment on function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) is 'The days of an organisation''s period whose partials must be classified again: missing, or marked with an older change, roster change or rule version.';

revoke all on function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) from public, anon, authenticated, service_role;
