create or replace function private.refuse_audit_change() returns trigger
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  raise exception 'the export audit log is append-only (% refused)', tg_op using errcode = '42501';
end
$$;

comment on function private.refuse_audit_change() is 'Trigger: refuses UPDATE, DELETE and TRUNCATE on the export audit log, whoever asks.';

revoke all on function private.refuse_audit_change() from public, anon, authenticated, service_role;
