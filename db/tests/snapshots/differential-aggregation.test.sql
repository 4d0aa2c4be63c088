-- The aggregation gives exactly the figures of its first implementation (the
-- oracle in tests/support/30-metrics-oracle.sql), for the organisation and for
-- every mentor, over many periods of generated organisations. The seed comes
-- from AGGREGATION_SEED when set (to replay a failure), else from the clock;
-- every assertion names it.
begin;
set local search_path = extensions, tests, public;
\set chosen_seed ''
\getenv chosen_seed AGGREGATION_SEED
select coalesce(nullif(:'chosen_seed', ''), (extract(microseconds from clock_timestamp())::int % 1000000)::text) as seed \gset
select plan(10 + 2 * 24 + 1 + 2);

select tests.generate_organisation('00000000-0000-4000-a000-0000000000d1', :seed / 1000000.0, 400);
select tests.generate_organisation('00000000-0000-4000-a000-0000000000d2', (:seed + 1) % 1000000 / 1000000.0, 150, false);

select ok((select count(*) from public.activities a where a.org_id = '00000000-0000-4000-a000-0000000000d1'
           and a.registration_path = 'proxy' and exists (
             select from public.activities d where d.org_id = a.org_id and d.registration_path = 'direct'
               and d.activity_date = a.activity_date and d.kind = a.kind)) > 10,
  format('seed %s: the generated organisation has proxy twins', :seed));
select ok((select count(*) from (select am.mentor_id, a.activity_date from public.activities a
             join public.activity_mentors am on am.org_id = a.org_id and am.activity_id = a.id
             where a.org_id = '00000000-0000-4000-a000-0000000000d1' group by 1, 2 having count(*) > 1) r) > 20,
  format('seed %s: mentors have several activities on one day', :seed));
select ok((select count(*) from public.activities a where a.org_id = '00000000-0000-4000-a000-0000000000d1'
           and a.registration_path = 'proxy' and exists (
             select from public.activities d where d.org_id = a.org_id and d.registration_path = 'direct'
               and d.activity_date = a.activity_date and d.kind = a.kind
               and (d.in_norway, d.duration_minutes, d.anonymous_participants) is distinct from (a.in_norway, a.duration_minutes, a.anonymous_participants))) > 3,
  format('seed %s: some proxy entries differ from a direct one of their day and kind in a value the figures read', :seed));
select ok((tests.compute_metrics_oracle('00000000-0000-4000-a000-0000000000d1', '2026-01-01', '2026-12-31')
           #>> '{entries_left_out_by_reason,no_active_mentor}')::int > 5,
  format('seed %s: some entries are left out for want of an active mentor', :seed));
select ok((tests.compute_metrics_oracle('00000000-0000-4000-a000-0000000000d1', '2026-01-01', '2026-12-31')
           #>> '{entries_left_out_by_reason,held_for_review}')::int > 5
          and not exists (select from public.organisation_review_limits l where l.org_id = '00000000-0000-4000-a000-0000000000d2'),
  format('seed %s: some entries are held for review in the organisation with review limits (the other has none)', :seed));
select ok((select count(*) from public.activities a where a.org_id = '00000000-0000-4000-a000-0000000000d1'
             and a.deleted_at is null and a.review_confirmed_at is not null
             and private.exceeds_review_limits(
                   limits => private.review_limits_of(org_id => a.org_id), minutes => a.duration_minutes,
                   anonymous => a.anonymous_participants,
                   known_participants => (select count(*)::int from public.activity_participants ap
                                          where ap.org_id = a.org_id and ap.activity_id = a.id))) > 3,
  format('seed %s: some entries above the review limits are confirmed (and so not held)', :seed));
select ok((select count(*) from public.activities a where a.org_id = '00000000-0000-4000-a000-0000000000d1' and a.deleted_at is not null) > 5,
  format('seed %s: some activities are soft-deleted', :seed));
select ok((select count(*) from public.activities a where a.org_id = '00000000-0000-4000-a000-0000000000d1'
             and (select count(*) from public.activity_mentors am where am.org_id = a.org_id and am.activity_id = a.id) > 1) > 10,
  format('seed %s: some activities have several mentors', :seed));
select ok((select count(*) from public.activities a where a.org_id = '00000000-0000-4000-a000-0000000000d1'
             and (select count(*) from public.activity_mentors am where am.org_id = a.org_id and am.activity_id = a.id) > 2) > 3,
  format('seed %s: some activities have three mentors (rule 4 looks their mentors up in a subquery)', :seed));
select ok((select (tests.compute_metrics_oracle('00000000-0000-4000-a000-0000000000d1', '2026-01-01', '2026-12-31')
                   #>> '{totals,activity_days}')::int) between 10 and 390,
  format('seed %s: some activities count and some do not', :seed));

-- One assertion per organisation and period: the mentors whose figures differ
-- from the oracle's, or whose presence does ("(organisation)" for the whole).
select is(
  (select string_agg(coalesce(d.mentor_id::text, '(organisation)') || ': ' || d.differences, '; ' order by d.mentor_id nulls first)
   from (
     select coalesce(n.mentor_id, o.mentor_id) as mentor_id,
            case when n.figures is null then 'missing' when o.figures is null then 'unexpected'
                 else (select string_agg(f.figure || ' ' || coalesce(f.persisted_value::text, '-') || ' vs ' || coalesce(f.recomputed_value::text, '-'), ', ')
                       from private.figure_differences(n.figures, o.figures) f) end as differences
     from private.aggregate_figures(org_id => p.org_id, period_start => p.period_start, period_end => p.period_end, every_mentor => true, mentor_ids => '{}') n
     full join (
       select m.mentor_id, tests.compute_metrics_oracle(p.org_id, p.period_start, p.period_end, m.mentor_id) as figures
       from (select null::uuid as mentor_id
             union
             select am.mentor_id from public.activity_mentors am
             join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
             where am.org_id = p.org_id and a.deleted_at is null and a.activity_date between p.period_start and p.period_end) m
     ) o on coalesce(o.mentor_id, '00000000-0000-0000-0000-000000000000') = coalesce(n.mentor_id, '00000000-0000-0000-0000-000000000000')
   ) d
   where d.differences is not null),
  null,
  format('seed %s: organisation %s, %s..%s: the same figures as the oracle, for the organisation and each mentor',
         :seed, right(p.org_id::text, 2), p.period_start, p.period_end))
from (select o.org_id, c.period_start, c.period_end
      from (values ('00000000-0000-4000-a000-0000000000d1'::uuid), ('00000000-0000-4000-a000-0000000000d2'::uuid)) o(org_id)
      cross join tests.comparison_periods(:seed / 1000000.0) c) p
order by p.org_id, p.period_start, p.period_end;

-- Links are looked up by id when the days hold a small share of the
-- organisation's activities, and read in key order otherwise. Forcing each way
-- in turn, both must give the same parts of the figures, by day, for the
-- organisation and every mentor, and the same verdict for every entry.
create function pg_temp.figure_parts(org_id uuid)
returns table (scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text,
               left_out public.left_out_reason,
               activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint,
               member uuid, member_days datemultirange, members bigint,
               entry uuid, verdict public.entry_verdict, merged_into uuid)
language sql volatile as $$
  select * from private.figure_parts(
    org_id => figure_parts.org_id,
    days => array(select d::date from generate_series('2025-12-01'::timestamp, '2027-04-30', interval '1 day') d),
    rules => hidden.rules_in_force(on_date => '2026-01-01'), every_mentor => true, mentor_ids => '{}', by_day => true,
    entries => true)
$$;
create or replace function private.links_by_id_share() returns numeric language sql immutable
set search_path = pg_catalog, pg_temp as $$ select 1.0 $$;
create temporary table parts_by_id as
select o.org_id, c.*
from (values ('00000000-0000-4000-a000-0000000000d1'::uuid), ('00000000-0000-4000-a000-0000000000d2'::uuid)) o(org_id)
cross join lateral pg_temp.figure_parts(o.org_id) c;
create or replace function private.links_by_id_share() returns numeric language sql immutable
set search_path = pg_catalog, pg_temp as $$ select 0.0 $$;
create temporary table parts_in_key_order as
select o.org_id, c.*
from (values ('00000000-0000-4000-a000-0000000000d1'::uuid), ('00000000-0000-4000-a000-0000000000d2'::uuid)) o(org_id)
cross join lateral pg_temp.figure_parts(o.org_id) c;
select ok((select count(distinct b.org_id) from parts_by_id b) = 2
          and (select count(*) from parts_by_id) = (select count(*) from parts_in_key_order)
          and (select count(*) from parts_by_id b where b.part = 'cell' and b.scope is null and b.activity_days > 0) > 0
          and (select count(*) from parts_by_id b where b.part = 'cell' and b.scope is not null and b.activity_days > 0) > 0
          and (select count(*) from parts_by_id b where b.part = 'contact' and not isempty(b.member_days)) > 0
          and (select count(*) from parts_by_id b where b.part = 'mentor' and not isempty(b.member_days)) > 0
          and (select count(*) from parts_by_id b where b.part = 'contact' and b.scope is not null and b.members > 0) > 0,
  format('seed %s: both ways give the parts of both organisations'' figures, for the organisation and its mentors, with activities that count', :seed));
select is(
  (select count(*) from (
     (select b.* from parts_by_id b where b.org_id = o.org_id
      except
      select k.* from parts_in_key_order k where k.org_id = o.org_id)
     union all
     (select k.* from parts_in_key_order k where k.org_id = o.org_id
      except
      select b.* from parts_by_id b where b.org_id = o.org_id)) d),
  0::bigint,
  format('seed %s: organisation %s: reading the links in key order gives the parts of the figures that looking them up by id gives', :seed, right(o.org_id::text, 2)))
from (values ('00000000-0000-4000-a000-0000000000d1'::uuid), ('00000000-0000-4000-a000-0000000000d2'::uuid)) o(org_id);

select * from finish();
rollback;
