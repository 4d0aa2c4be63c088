create or replace function private.refuse_rule_change() returns trigger
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  raise exception 'counting rule version % is immutable: add a new version instead', old.version
    using errcode = '42501';
end
$$;

comment on function private.refuse_rule_change() is 'Trigger: a rule version never changes once written.';

revoke all on function private.refuse_rule_change() from public, anon, authenticated, service_role;
