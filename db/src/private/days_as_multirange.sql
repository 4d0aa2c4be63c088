create or replace function private.days_as_multirange(days date[]) returns datemultirange
    language sql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select coalesce(range_agg(daterange(d, d, '[]')), '{}'::datemultirange) from unnest(days_as_multirange.days) d
$$;

comment on function private.days_as_multirange(days date[]) is 'A set of days as a multirange (empty for none).';

revoke all on function private.days_as_multirange(days date[]) from public, anon, authenticated, service_role;
