create or replace function private.summary_period_end(period_type public.summary_period_type, period_start date) returns date
    language plpgsql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if summary_period_end.period_start is null or summary_period_end.period_type is null then
    raise exception 'period_type and period_start must not be null' using errcode = '22004';
  end if;
  -- Before any arithmetic: an infinite or far-future date would fail inside it.
  if not pg_catalog.isfinite(summary_period_end.period_start) or summary_period_end.period_start > date '9999-01-01' then
    raise exception 'period_start (%) is not a supported date', summary_period_end.period_start using errcode = '22023';
  end if;
  if extract(day from summary_period_end.period_start) <> 1
     or (summary_period_end.period_type = 'quarter' and extract(month from summary_period_end.period_start)::int % 3 <> 1)
     or (summary_period_end.period_type = 'half_year' and extract(month from summary_period_end.period_start)::int not in (1, 7))
     or (summary_period_end.period_type = 'year' and extract(month from summary_period_end.period_start)::int <> 1) then
    raise exception 'period_start % does not start a %', summary_period_end.period_start, summary_period_end.period_type
      using errcode = '22023';
  end if;
  return (summary_period_end.period_start + case summary_period_end.period_type
            when 'month' then interval '1 month' when 'quarter' then interval '3 months'
            when 'half_year' then interval '6 months' else interval '1 year' end - interval '1 day')::date;
end
$$;

comment on function private.summary_period_end(period_type public.summary_period_type, period_start date) is 'The inclusive end of a summary period; 22023 when period_start does not start a period of that type.';

revoke all on function private.summary_period_end(period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
