create or replace function hidden.request_claim_role() returns text
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- Only the claims PostgREST sets; the legacy per-claim settings are never read.
  return nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'role';
end
$$;

comment on function hidden.request_claim_role() is 'The `role` claim of request.jwt.claims (never the legacy request.jwt.claim.role setting), or null.';

revoke all on function hidden.request_claim_role() from public, anon, authenticated, service_role;
grant execute on function hidden.request_claim_role() to authenticated;
grant execute on function hidden.request_claim_role() to service_role;
