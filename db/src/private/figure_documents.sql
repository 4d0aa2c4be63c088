create or replace function private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]) returns table(mentor_id uuid, figures jsonb)
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
declare
  computed_in text := pg_catalog.pg_current_snapshot()::text;
  zero_days_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(figure_documents.rules.counting_kinds) k);
  zero_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(enum_range(null::public.activity_kind)) k);
  zero_by_path jsonb := (select jsonb_object_agg(p, 0) from unnest(enum_range(null::public.registration_path)) p);
  zero_by_reason jsonb := (select jsonb_object_agg(r, 0) from unnest(enum_range(null::public.left_out_reason)) r);
  zero_by_month jsonb := (select jsonb_object_agg(to_char(m, 'YYYY-MM'), 0)
                          from generate_series(date_trunc('month', figure_documents.period_start::timestamp),
                                               figure_documents.period_end::timestamp, interval '1 month') m);
  result record;
begin
  for result in
  with grouped as (
    select c.scope,
      case when grouping(c.kind) = 0 then 'kind' when grouping(c.path) = 0 then 'path'
           when grouping(c.month) = 0 then 'month' when grouping(c.county) = 0 then 'county' else 'total' end as dimension,
      coalesce(c.kind::text, c.path::text, c.month, c.county) as key,
      sum(c.activity_days) as activity_days, sum(c.activities) as activities, sum(c.duplicates) as duplicates,
      sum(c.participations) as participations, bool_or(c.lower_bound) as lower_bound, sum(c.minutes) as minutes
    from (select u.*, to_char(u.day, 'YYYY-MM') as month from unnest(figure_documents.cells) u where u.left_out is null) c
    group by grouping sets ((c.scope), (c.scope, c.kind), (c.scope, c.path), (c.scope, c.month), (c.scope, c.county))
  ), documents as (
    select g.scope,
      max(g.activity_days) filter (where g.dimension = 'total') as activity_days,
      max(g.activities) filter (where g.dimension = 'total') as activities,
      max(g.duplicates) filter (where g.dimension = 'total') as duplicates,
      max(g.participations) filter (where g.dimension = 'total') as participations,
      bool_or(g.lower_bound) filter (where g.dimension = 'total') as lower_bound,
      max(g.minutes) filter (where g.dimension = 'total') as minutes,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'kind' and g.key = any (figure_documents.rules.counting_kinds::text[])) as days_by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'kind' and g.activities > 0) as by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'path' and g.activities > 0) as by_path,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'month' and g.activity_days > 0) as days_by_month,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'county' and g.activity_days > 0) as days_by_county
    from grouped g
    group by g.scope
  ), left_out as (
    -- Entries left out of every figure, per reason.
    select l.scope, jsonb_object_agg(l.reason, l.entries) as by_reason
    from (select u.scope, u.left_out as reason, sum(u.activities) as entries
          from unnest(figure_documents.cells) u where u.left_out is not null
          group by u.scope, u.left_out) l
    group by l.scope
  )
  select sc.scope, jsonb_build_object(
    'shape_version', 2,
    'rule_version', figure_documents.rules.version,
    'computed_in', computed_in,
    'period', jsonb_build_object('start', figure_documents.period_start, 'end', figure_documents.period_end),
    'totals', jsonb_build_object(
      'activity_days', coalesce(d.activity_days, 0),
      'activities_total', coalesce(d.activities, 0),
      'activities_non_counting', coalesce(d.activities - d.activity_days, 0),
      'proxy_duplicates_merged', coalesce(d.duplicates, 0),
      'participations', coalesce(d.participations, 0),
      'unique_participants', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 0)::bigint, 0),
      'unique_participants_is_lower_bound', coalesce(d.lower_bound, false),
      'minutes_total', coalesce(d.minutes, 0),
      'active_mentors', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 1)::bigint, 0)),
    'activity_days_by_kind', zero_days_by_kind || coalesce(d.days_by_kind, '{}'),
    'activities_by_kind', zero_by_kind || coalesce(d.by_kind, '{}'),
    'activities_by_path', zero_by_path || coalesce(d.by_path, '{}'),
    'activity_days_by_month', zero_by_month || coalesce(d.days_by_month, '{}'),
    'activity_days_by_county', coalesce(d.days_by_county, '{}'),
    'entries_left_out_by_reason', zero_by_reason || coalesce(l.by_reason, '{}')) as figures
  from unnest(figure_documents.scopes) sc(scope)
  left join documents d on d.scope is not distinct from sc.scope
  left join left_out l on l.scope is not distinct from sc.scope
  loop
    -- JSON clients read numbers as doubles: refuse rather than round.
    if jsonb_path_exists(result.figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
      raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
    end if;
    mentor_id := result.scope;
    figures := result.figures;
    return next;
  end loop;
end
$_$;

comment on function private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]) is 'Builds the figure document of each scope (null: the organisation) from additive cells (those with left_out set count the entries left out, per reason) and {scope: [unique participants, active mentors]}.';

revoke all on function private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]) from public, anon, authenticated, service_role;
