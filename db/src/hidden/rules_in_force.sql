create or replace function hidden.rules_in_force(on_date date) returns public.bufdir_counting_rules
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select r.* from public.bufdir_counting_rules r
  where r.valid_from <= rules_in_force.on_date
  order by r.valid_from desc
  limit 1
$$;

comment on function hidden.rules_in_force(on_date date) is 'The counting rules in force on a date (null when none is).';

revoke all on function hidden.rules_in_force(on_date date) from public, anon, authenticated, service_role;
grant execute on function hidden.rules_in_force(on_date date) to authenticated;
grant execute on function hidden.rules_in_force(on_date date) to service_role;
