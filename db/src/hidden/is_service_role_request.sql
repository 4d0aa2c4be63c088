create or replace function hidden.is_service_role_request() returns boolean
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  return hidden.request_role() = 'service_role'
     and coalesce(hidden.request_claim_role(), 'service_role') = 'service_role';
end
$$;

comment on function hidden.is_service_role_request() is 'True when the request runs as the database role service_role and no claim says otherwise.';

revoke all on function hidden.is_service_role_request() from public, anon, authenticated, service_role;
grant execute on function hidden.is_service_role_request() to authenticated;
grant execute on function hidden.is_service_role_request() to service_role;
