create or replace function hidden.request_role() returns text
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- The `role` setting survives into security-definer code (current_user does not);
  -- 'none' means the connection never switched, so the login role is the request's.
  return case pg_catalog.current_setting('role') when 'none' then session_user::text
         else pg_catalog.current_setting('role') end;
end
$$;

comment on function hidden.request_role() is 'The database role the request runs as (PostgREST''s switch, or the login role), also inside security-definer code.';

revoke all on function hidden.request_role() from public, anon, authenticated, service_role;
grant execute on function hidden.request_role() to authenticated;
grant execute on function hidden.request_role() to service_role;
