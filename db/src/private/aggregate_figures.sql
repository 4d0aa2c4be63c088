create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text default null::text) returns table(mentor_id uuid, figures jsonb)
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    set enable_sort to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
declare
  -- The rules the period is read under: those in force on its start, or the
  -- version asked for (a snapshot's own, to recompute it as it was made).
  rules public.bufdir_counting_rules := case
    when aggregate_figures.rule_version is null then hidden.rules_in_force(on_date => aggregate_figures.period_start)
    else (select r from public.bufdir_counting_rules r where r.version = aggregate_figures.rule_version) end;
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null and aggregate_figures.rule_version is not null then
    raise exception 'no counting rules of version %', aggregate_figures.rule_version using errcode = 'P0002';
  elsif rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;

  if not aggregate_figures.every_mentor and cardinality(aggregate_figures.mentor_ids) = 0 then
    -- The organisation alone: stored partials for the fresh days, a new
    -- classification for the stale ones.
    stale := private.stale_days(org_id => aggregate_figures.org_id, period_start => aggregate_figures.period_start,
                                period_end => aggregate_figures.period_end, rule_version => rules.version);
    -- The days whose stored partials (and with them the contacts' and mentors'
    -- days) hold: stored and not stale.
    fresh_days := private.days_as_multirange(days => array(
      select p.day from private.day_partials p
      where p.org_id = aggregate_figures.org_id and p.day between aggregate_figures.period_start and aggregate_figures.period_end
        and p.day <> all (stale)));
    with parts as materialized (
      select * from private.figure_parts(org_id => aggregate_figures.org_id, days => stale, rules => rules,
                                       every_mentor => false, mentor_ids => '{}', by_day => false)
    )
    select
      (select array_agg(x) from (
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county, sum(c.activity_days), sum(c.activities),
                    sum(c.duplicates), sum(c.participations), bool_or(c.lower_bound), sum(c.minutes), null)::private.figure_cell as x
         from private.day_cells c
         where c.org_id = aggregate_figures.org_id and c.day between aggregate_figures.period_start and aggregate_figures.period_end
           and c.day <> all (stale)
         group by date_trunc('month', c.day), c.kind, c.path, c.county
         union all
         select row(null::uuid, date_trunc('month', l.day)::date, null, null, null, 0, sum(l.entries), 0, 0, false, 0,
                    l.reason)::private.figure_cell
         from private.day_left_out l
         where l.org_id = aggregate_figures.org_id and l.day between aggregate_figures.period_start and aggregate_figures.period_end
           and l.day <> all (stale)
         group by date_trunc('month', l.day), l.reason
         union all
         select row(null::uuid, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                    p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell
         from parts p
         where p.part = 'cell') u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one row per contact and mentor seen on a fresh day,
        -- and the stale days' ones, hashed.
        (select count(*) from (
           select d.contact_id from private.contact_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'contact') u),
        (select count(*) from (
           select d.mentor_id from private.mentor_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'mentor') u)))
    into cells, distinct_counts;
    return query select * from private.figure_documents(
      rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
      cells => coalesce(cells, '{}'), distinct_counts => distinct_counts, scopes => array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with parts as materialized (
    select * from private.figure_parts(
      org_id => aggregate_figures.org_id,
      days => array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules => rules, every_mentor => aggregate_figures.every_mentor, mentor_ids => aggregate_figures.mentor_ids, by_day => false)
  )
  select
    (select array_agg(row(p.scope, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                          p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell)
     from parts p where p.part = 'cell'),
    (select jsonb_object_agg(coalesce(u.scope::text, 'organisation'), jsonb_build_array(u.contacts, u.mentors))
     from (select p.scope, coalesce(sum(p.members) filter (where p.part = 'contact'), 0)::bigint as contacts,
                  coalesce(sum(p.members) filter (where p.part = 'mentor'), 0)::bigint as mentors
           from parts p
           where p.part <> 'cell'
           group by p.scope) u),
    array(select null::uuid
          union
          select unnest(aggregate_figures.mentor_ids)
          union
          select p.scope from parts p where p.scope is not null
          order by 1 nulls first)
  into cells, distinct_counts, scopes;
  return query select * from private.figure_documents(
    rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
    cells => coalesce(cells, '{}'), distinct_counts => coalesce(distinct_counts, '{}'), scopes => scopes);
end
$$;

comment on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text) is 'The aggregation: the organisation''s figures (mentor_id null) from its day partials (cells and entries left out) where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run, under the rules in force on period_start or, given rule_version, under that version (its thresholds and its logic). PII-free by construction.';

revoke all on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text) from public, anon, authenticated, service_role;
