-- Every request through PostgREST reads date text year first, so day-first and
-- month-first text ('12.06.2026', '06/12/2026') is refused (22008) instead of
-- silently read month first. PostgreSQL's default DateStyle is 'ISO, MDY', under
-- which '12.06.2026'::date is 2026-12-06, and an RPC's `date` parameter is parsed
-- before its body runs, so the session's date order is the one place that
-- decides. PostgREST logs in as `authenticator` and switches role per request; a
-- role's settings apply only at login, so the setting belongs to `authenticator`.
-- `in database` keeps it to this database (roles are cluster-wide). It applies to
-- connections opened afterwards (db/README.md, "Dates and time limits").

do $$
begin
  execute pg_catalog.format('alter role authenticator in database %I set datestyle = %L',
                            pg_catalog.current_database(), 'ISO, YMD');
end
$$;
