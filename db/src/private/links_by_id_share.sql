-- Up to what share of the organisation's live activities the days may hold for
-- private.classify_activities to look their links up by id rather than read the
-- organisation's link tables in key order. Both are exact; a test runs each.
create or replace function private.links_by_id_share() returns numeric
    language sql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select 0.25
$$;

comment on function private.links_by_id_share() is 'Up to what share of the organisation''s live activities the days may hold for private.figure_parts to look their links up by id instead of reading the organisation''s link tables in key order.';

revoke all on function private.links_by_id_share() from public, anon, authenticated, service_role;
