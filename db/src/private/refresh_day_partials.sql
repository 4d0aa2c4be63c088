create or replace function private.refresh_day_partials(org_id uuid, period_start date, period_end date) returns integer
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => refresh_day_partials.period_start);
  stale date[];
  stale_set datemultirange;
begin
  if rules.version is null then
    return 0;
  end if;
  -- One rebuild per organisation at a time: a row lock only the owner can take.
  perform private.lock_day_partials(org_id => refresh_day_partials.org_id);
  stale := private.stale_days(org_id => refresh_day_partials.org_id, period_start => refresh_day_partials.period_start,
                              period_end => refresh_day_partials.period_end, rule_version => rules.version);
  if cardinality(stale) = 0 then
    return 0;
  end if;
  stale_set := private.days_as_multirange(days => stale);
  delete from private.day_partials p where p.org_id = refresh_day_partials.org_id and p.day = any (stale);

  -- One statement, so the markers and the classification see the same snapshot;
  -- the foreign keys to day_partials are checked when it ends.
  with parts as materialized (
    select * from private.figure_parts(org_id => refresh_day_partials.org_id, days => stale, rules => rules,
                                       every_mentor => false, mentor_ids => '{}', by_day => true)
  ), markers as (
    insert into private.day_partials (org_id, day, rule_version, change_xid, change_seq, roster_xid, roster_seq)
    select s.org_id, s.day, rules.version, s.last_change_xid, s.last_change_seq, r.last_change_xid, r.last_change_seq
    from private.activity_day_stats s
    left join private.roster_changes r on r.org_id = s.org_id
    where s.org_id = refresh_day_partials.org_id and s.day = any (stale)
  ), cells as (
    insert into private.day_cells (org_id, day, kind, path, county, activity_days, activities, duplicates, participations, lower_bound, minutes)
    select refresh_day_partials.org_id, p.day, p.kind, p.path, p.county,
           p.activity_days, p.activities, p.duplicates, p.participations, p.lower_bound, p.minutes
    from parts p
    where p.part = 'cell' and p.left_out is null
  ), left_out as (
    insert into private.day_left_out (org_id, day, reason, entries)
    select refresh_day_partials.org_id, p.day, p.left_out, p.activities
    from parts p
    where p.part = 'cell' and p.left_out is not null
  ), seen_contacts as (
    select p.member as contact_id, p.member_days as days from parts p where p.part = 'contact'
  ), contact_changes as (
    -- A contact's days: the stored ones but the stale days, and those seen now.
    -- Unchanged rows are not written again.
    select coalesce(n.contact_id, o.contact_id) as contact_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.contact_id, d.days from private.contact_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.contact_id in (select n.contact_id from seen_contacts n))) o
    full join seen_contacts n on n.contact_id = o.contact_id
  ), contacts_written as (
    insert into private.contact_days as d (org_id, contact_id, days)
    select refresh_day_partials.org_id, c.contact_id, c.days from contact_changes c
    where not isempty(c.days) and c.days is distinct from c.stored
    on conflict on constraint contact_days_pkey do update set days = excluded.days
  ), contacts_gone as (
    delete from private.contact_days d
    where d.org_id = refresh_day_partials.org_id
      and d.contact_id in (select c.contact_id from contact_changes c where isempty(c.days))
  ), seen_mentors as (
    select p.member as mentor_id, p.member_days as days from parts p where p.part = 'mentor'
  ), mentor_changes as (
    select coalesce(n.mentor_id, o.mentor_id) as mentor_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.mentor_id, d.days from private.mentor_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.mentor_id in (select n.mentor_id from seen_mentors n))) o
    full join seen_mentors n on n.mentor_id = o.mentor_id
  ), mentors_written as (
    insert into private.mentor_days as d (org_id, mentor_id, days)
    select refresh_day_partials.org_id, m.mentor_id, m.days from mentor_changes m
    where not isempty(m.days) and m.days is distinct from m.stored
    on conflict on constraint mentor_days_pkey do update set days = excluded.days
  )
  delete from private.mentor_days d
  where d.org_id = refresh_day_partials.org_id
    and d.mentor_id in (select m.mentor_id from mentor_changes m where isempty(m.days));
  return cardinality(stale);
end
$$;

comment on function private.refresh_day_partials(org_id uuid, period_start date, period_end date) is 'Classifies the stale days of an organisation''s period again and stores their partial figures (cells, and entries left out per reason) and the days of its contacts and mentors, one rebuild per organisation at a time (private.lock_day_partials: at most a 5 s wait, then 55P03); returns how many days it rebuilt.';

revoke all on function private.refresh_day_partials(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
