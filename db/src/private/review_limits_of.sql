-- The organisation's limits, read once per query (a row of nulls when it has none).
create or replace function private.review_limits_of(org_id uuid) returns public.organisation_review_limits
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select l from public.organisation_review_limits l where l.org_id = review_limits_of.org_id
$$;

comment on function private.review_limits_of(org_id uuid) is 'An organisation''s review limits (null when it has none), for a query to read once and test every activity against.';

revoke all on function private.review_limits_of(org_id uuid) from public, anon, authenticated, service_role;
