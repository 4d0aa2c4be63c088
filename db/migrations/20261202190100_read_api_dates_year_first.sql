-- Purpose: every request through PostgREST reads date text year first, so day-first
-- and month-first text ('12.06.2026', '06/12/2026') is refused (22008) instead of
-- silently read month first.
-- Objects: the role setting `datestyle = 'ISO, YMD'` of `authenticator` in this
-- database (pg_db_role_setting); no schema object.
-- Why: PostgreSQL's default DateStyle is 'ISO, MDY', under which '12.06.2026'::date
-- is 2026-12-06. An RPC's `date` parameter is parsed before its body runs, so no
-- check inside a function can tell what the caller typed; the date order of the
-- session is the one place that decides. PostgREST logs in as `authenticator` and
-- switches role per request, and a role's settings apply only at login, so the
-- setting belongs to `authenticator` (a setting on `authenticated` would not reach
-- PostgREST's sessions). `in database` keeps it to this database: roles are
-- cluster-wide, and other databases on the server keep their own date order.
-- Output stays ISO; 'YYYY-MM-DD' reads as before. It applies to connections opened
-- after the migration (PostgREST renews its pool's connections; a restart applies
-- it at once). The direct transport of the client sets the same per request.

-- migrate:up
do $$
begin
  execute pg_catalog.format('alter role authenticator in database %I set datestyle = %L',
                            pg_catalog.current_database(), 'ISO, YMD');
end
$$;

-- migrate:down
do $$
begin
  execute pg_catalog.format('alter role authenticator in database %I reset datestyle',
                            pg_catalog.current_database());
end
$$;
