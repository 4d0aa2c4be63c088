-- Keeps the database-owned columns honest on every write, whatever path it takes.
create or replace function private.stamp_snapshot() returns trigger
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  new.computed_at := now();
  new.content_hash := encode(sha256(convert_to(new.snapshot_json::text, 'UTF8')), 'hex');
  return new;
end
$$;

comment on function private.stamp_snapshot() is 'Trigger: sets computed_at and content_hash of a snapshot on every write.';

revoke all on function private.stamp_snapshot() from public, anon, authenticated, service_role;
