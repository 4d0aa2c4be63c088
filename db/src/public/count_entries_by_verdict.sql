create or replace function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) returns table(verdict public.entry_verdict, entries bigint)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select v.verdict, coalesce(c.entries, 0)
  from unnest(enum_range(null::public.entry_verdict)) v(verdict)
  left join (
    select e.verdict, count(*) as entries
    from hidden.explain_entries(org_id => count_entries_by_verdict.org_id, period_start => count_entries_by_verdict.period_start,
                                period_end => count_entries_by_verdict.period_end, only_activity => null) e
    group by e.verdict
  ) c on c.verdict = v.verdict
  order by v.verdict
$$;

comment on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) is 'How many entries of an inclusive period the caller may read have each verdict (every verdict listed, zeros included, in the enum''s order): the "not counted, by reason" table. Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';

revoke all on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) to service_role;
