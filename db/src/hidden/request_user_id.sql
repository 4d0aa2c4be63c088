create or replace function hidden.request_user_id() returns uuid
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  return case when hidden.request_role() = 'authenticated'
                   and coalesce(hidden.request_claim_role(), 'authenticated') = 'authenticated'
              then (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid end;
end
$$;

comment on function hidden.request_user_id() is 'The verified `sub` of a request running as authenticated whose claims agree with that role; null otherwise.';

revoke all on function hidden.request_user_id() from public, anon, authenticated, service_role;
grant execute on function hidden.request_user_id() to authenticated;
grant execute on function hidden.request_user_id() to service_role;
