-- Purpose: bad input to an RPC answers a documented SQLSTATE (22004 for a
-- missing value, 22023 for one out of range, BF001 for figures the allow-list
-- refuses) with a message of our own, never an error raised inside an
-- expression (22008, 22003, 22P02, 0A000) that names internal SQL.
-- Objects: hidden.check_snapshot_key (infinite dates), private.summary_period_end
--          (infinite or far-future period starts), hidden.check_activity_fields
--          (arrays of more than one dimension), hidden.save_metric_snapshot (a
--          computed_in token out of range), hidden.list_member_names (a null
--          org_id is 22004 like everywhere else), private.reject_pii_in_figures
--          (month keys outside the document's period).
-- Why: 'infinity' as a period end reached date subtraction (22008, "cannot
-- subtract infinite dates"); a year starting in 5874897 overflowed timestamp
-- arithmetic; a two-dimensional mentor list reached array_position (0A000); a
-- computed_in of 20-digit numbers passed the allow-list's pattern and failed the
-- cast (22P02). The allow-list took any month key of the right form, so one
-- snapshot could carry 120 000 of them (3 MB) far outside its period.

-- migrate:up
CREATE OR REPLACE FUNCTION hidden.check_snapshot_key(org_id uuid, period_start date, period_end date)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  latest date := (date_trunc('year', now()::date) + interval '2 years - 1 day')::date;
begin
  if check_snapshot_key.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif check_snapshot_key.period_start is null then
    raise exception 'period_start must not be null' using errcode = '22004';
  elsif check_snapshot_key.period_end is null then
    raise exception 'period_end must not be null' using errcode = '22004';
  elsif not pg_catalog.isfinite(check_snapshot_key.period_start) then
    raise exception 'period_start must be a calendar date, not %', check_snapshot_key.period_start using errcode = '22023';
  elsif not pg_catalog.isfinite(check_snapshot_key.period_end) then
    raise exception 'period_end must be a calendar date, not %', check_snapshot_key.period_end using errcode = '22023';
  elsif check_snapshot_key.period_end < check_snapshot_key.period_start then
    raise exception 'period_end (%) is before period_start (%)', check_snapshot_key.period_end, check_snapshot_key.period_start
      using errcode = '22023';
  elsif check_snapshot_key.period_end - check_snapshot_key.period_start + 1 > 366 then
    raise exception 'the period from period_start % to period_end % spans % days; at most 366 are allowed',
      check_snapshot_key.period_start, check_snapshot_key.period_end, check_snapshot_key.period_end - check_snapshot_key.period_start + 1
      using errcode = '22023';
  elsif check_snapshot_key.period_start < date '2000-01-01' then
    raise exception 'period_start (%) is before 2000-01-01', check_snapshot_key.period_start using errcode = '22023';
  elsif check_snapshot_key.period_end > latest then
    raise exception 'period_end (%) is after %, the end of next year', check_snapshot_key.period_end, latest
      using errcode = '22023';
  end if;
end
$function$;

comment on function hidden.check_snapshot_key(uuid,date,date) is
  'Validates an (organisation, period) argument triple: 22004 for a null, 22023 for an infinite, reversed, over-long or out-of-range period. Messages name the argument.';

CREATE OR REPLACE FUNCTION private.summary_period_end(period_type public.summary_period_type, period_start date)
 RETURNS date
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if summary_period_end.period_start is null or summary_period_end.period_type is null then
    raise exception 'period_type and period_start must not be null' using errcode = '22004';
  end if;
  -- Before any arithmetic: an infinite or far-future date would fail inside it.
  if not pg_catalog.isfinite(summary_period_end.period_start) or summary_period_end.period_start > date '9999-01-01' then
    raise exception 'period_start (%) is not a supported date', summary_period_end.period_start using errcode = '22023';
  end if;
  if extract(day from summary_period_end.period_start) <> 1
     or (summary_period_end.period_type = 'quarter' and extract(month from summary_period_end.period_start)::int % 3 <> 1)
     or (summary_period_end.period_type = 'half_year' and extract(month from summary_period_end.period_start)::int not in (1, 7))
     or (summary_period_end.period_type = 'year' and extract(month from summary_period_end.period_start)::int <> 1) then
    raise exception 'period_start % does not start a %', summary_period_end.period_start, summary_period_end.period_type
      using errcode = '22023';
  end if;
  return (summary_period_end.period_start + case summary_period_end.period_type
            when 'month' then interval '1 month' when 'quarter' then interval '3 months'
            when 'half_year' then interval '6 months' else interval '1 year' end - interval '1 day')::date;
end
$function$;

CREATE OR REPLACE FUNCTION hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  latest date := (pg_catalog.date_trunc('year', pg_catalog.now()::date) + interval '2 years - 1 day')::date;
begin
  if check_activity_fields.kind is null then
    raise exception 'kind must not be null' using errcode = '22004';
  elsif check_activity_fields.activity_date is null then
    raise exception 'activity_date must not be null' using errcode = '22004';
  elsif check_activity_fields.duration_minutes is null then
    raise exception 'duration_minutes must not be null' using errcode = '22004';
  elsif check_activity_fields.anonymous_participants is null then
    raise exception 'anonymous_participants must not be null' using errcode = '22004';
  elsif check_activity_fields.in_norway is null then
    raise exception 'in_norway must not be null' using errcode = '22004';
  elsif check_activity_fields.mentor_ids is null then
    raise exception 'mentor_ids must not be null' using errcode = '22004';
  elsif check_activity_fields.participant_ids is null then
    raise exception 'participant_ids must not be null' using errcode = '22004';
  elsif check_activity_fields.activity_date < date '2000-01-01' then
    raise exception 'activity_date (%) is before 2000-01-01', check_activity_fields.activity_date using errcode = '22023';
  elsif check_activity_fields.activity_date > latest then
    raise exception 'activity_date (%) is after %, the end of next year', check_activity_fields.activity_date, latest
      using errcode = '22023';
  elsif check_activity_fields.duration_minutes not between 1 and 1440 then
    raise exception 'duration_minutes (%) must be between 1 and 1440', check_activity_fields.duration_minutes
      using errcode = '22023';
  elsif check_activity_fields.anonymous_participants not between 0 and 100000 then
    raise exception 'anonymous_participants (%) must be between 0 and 100000', check_activity_fields.anonymous_participants
      using errcode = '22023';
  elsif check_activity_fields.municipality_code !~ '^[0-9]{4}$' then
    raise exception 'municipality_code must be four digits' using errcode = '22023';
  elsif check_activity_fields.municipality_code_version !~ '^[0-9]{4}$' then
    raise exception 'municipality_code_version must be a year of four digits' using errcode = '22023';
  elsif (check_activity_fields.municipality_code is null) <> (check_activity_fields.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version are given together or not at all' using errcode = '22023';
  elsif pg_catalog.array_ndims(check_activity_fields.mentor_ids) > 1 then
    raise exception 'mentor_ids must be a list, not a %-dimensional array', pg_catalog.array_ndims(check_activity_fields.mentor_ids)
      using errcode = '22023';
  elsif pg_catalog.array_ndims(check_activity_fields.participant_ids) > 1 then
    raise exception 'participant_ids must be a list, not a %-dimensional array', pg_catalog.array_ndims(check_activity_fields.participant_ids)
      using errcode = '22023';
  elsif pg_catalog.cardinality(check_activity_fields.mentor_ids) = 0 then
    raise exception 'mentor_ids must name at least one mentor' using errcode = '22023';
  elsif pg_catalog.array_position(check_activity_fields.mentor_ids, null) is not null then
    raise exception 'mentor_ids must not contain null' using errcode = '22004';
  elsif pg_catalog.array_position(check_activity_fields.participant_ids, null) is not null then
    raise exception 'participant_ids must not contain null' using errcode = '22004';
  end if;
end
$function$;

CREATE OR REPLACE FUNCTION hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb)
 RETURNS public.bufdir_metric_snapshots
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  generation pg_snapshot;
begin
  perform hidden.check_snapshot_key(save_metric_snapshot.org_id, save_metric_snapshot.period_start, save_metric_snapshot.period_end);
  if save_metric_snapshot.snapshot_json is null then
    raise exception 'snapshot_json must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(save_metric_snapshot.org_id, '{coordinator,admin}');
  -- Figures computed in an earlier call carry the MVCC snapshot they were read in
  -- (computed_in), so changes made between computing and saving count as unseen.
  -- The allow-list has checked the token's form; one from the future is refused.
  if save_metric_snapshot.snapshot_json ->> 'computed_in' ~ '^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$' then
    begin
      generation := (save_metric_snapshot.snapshot_json ->> 'computed_in')::pg_snapshot;
    exception when invalid_text_representation or numeric_value_out_of_range then
      raise exception 'snapshot_json.computed_in is not a snapshot token' using errcode = '22023';
    end;
    if pg_catalog.pg_snapshot_xmax(generation) > pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot()) then
      raise exception 'snapshot_json.computed_in names a snapshot that has not been taken yet' using errcode = '22023';
    end if;
  end if;
  return private.store_snapshot(save_metric_snapshot.org_id, save_metric_snapshot.period_start,
                                save_metric_snapshot.period_end, save_metric_snapshot.snapshot_json,
                                coalesce(generation, pg_catalog.pg_current_snapshot()));
end
$function$;

CREATE OR REPLACE FUNCTION hidden.list_member_names(org_id uuid)
 RETURNS TABLE(user_id uuid, display_name text, email text, role public.member_role)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if list_member_names.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             u.email::text
           ),
           u.email::text,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$function$;

CREATE OR REPLACE FUNCTION private.reject_pii_in_figures()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  doc jsonb := to_jsonb(new) -> tg_argv[0];
  section text;
  entry record;
  key_pattern text;
  bad_path text;
  metric_keys constant text[] := array[
    'activity_days', 'activities_total', 'activities_non_counting', 'proxy_duplicates_merged',
    'participations', 'unique_participants', 'unique_participants_is_lower_bound',
    'minutes_total', 'active_mentors'];
  -- The months of the document's period (checked below to be dates, and by the
  -- writers to be the row's period): a month key outside it is no figure of it.
  first_month constant text := left(doc -> 'period' ->> 'start', 7);
  last_month constant text := left(doc -> 'period' ->> 'end', 7);
  kind_pattern constant text := '^(in_person_outreach|phone_or_digital|group_meeting|mentor_course|other)$';
  sections constant jsonb := jsonb_build_object(
    'activity_days_by_kind', kind_pattern,
    'activities_by_kind', kind_pattern,
    'activities_by_path', '^(direct|proxy|bulk)$',
    'activity_days_by_month', '^[0-9]{4}-(0[1-9]|1[0-2])$',
    'activity_days_by_county', '^([0-9]{2}|unknown)$');
begin
  if jsonb_typeof(doc) is distinct from 'object' then
    bad_path := '$';
  elsif (select array_agg(k order by k) from jsonb_object_keys(doc) k)
        is distinct from (select array_agg(k order by k) from unnest(
          array['shape_version', 'rule_version', 'computed_in', 'period', 'totals'] || array(select jsonb_object_keys(sections))) k) then
    bad_path := '$ (keys must be exactly the documented ones)';
  elsif doc -> 'shape_version' <> '1'::jsonb then
    bad_path := '$.shape_version';
  elsif jsonb_typeof(doc -> 'rule_version') <> 'string' or doc ->> 'rule_version' !~ '^[0-9]{4}\.[0-9]{1,3}$' then
    bad_path := '$.rule_version';
  elsif jsonb_typeof(doc -> 'computed_in') <> 'string'
        or length(doc ->> 'computed_in') > 2000
        or doc ->> 'computed_in' !~ '^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$' then
    bad_path := '$.computed_in';
  elsif jsonb_typeof(doc -> 'period') <> 'object'
        or (select array_agg(k order by k) from jsonb_object_keys(doc -> 'period') k) is distinct from array['end', 'start']
        or jsonb_typeof(doc -> 'period' -> 'start') <> 'string' or doc -> 'period' ->> 'start' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        or jsonb_typeof(doc -> 'period' -> 'end') <> 'string' or doc -> 'period' ->> 'end' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
    bad_path := '$.period';
  elsif jsonb_typeof(doc -> 'totals') <> 'object'
        or (select array_agg(k order by k) from jsonb_object_keys(doc -> 'totals') k)
           is distinct from (select array_agg(k order by k) from unnest(metric_keys) k) then
    bad_path := '$.totals (keys must be exactly the documented metrics)';
  end if;

  if bad_path is null then
    for entry in select * from jsonb_each(doc -> 'totals') loop
      if entry.key = 'unique_participants_is_lower_bound' then
        if jsonb_typeof(entry.value) <> 'boolean' then bad_path := '$.totals.' || entry.key; exit; end if;
      elsif jsonb_typeof(entry.value) <> 'number'
            or (entry.value::text)::numeric <> trunc((entry.value::text)::numeric)
            or abs((entry.value::text)::numeric) > 9007199254740991
            or (entry.value::text)::numeric < 0 then
        bad_path := '$.totals.' || entry.key;
        exit;
      end if;
    end loop;
  end if;

  if bad_path is null then
    <<sections_loop>>
    for section, key_pattern in select s.key, s.value #>> '{}' from jsonb_each(sections) s loop
      if jsonb_typeof(doc -> section) <> 'object' then
        bad_path := '$.' || section;
        exit;
      end if;
      for entry in select * from jsonb_each(doc -> section) loop
        if entry.key !~ key_pattern
           or (section = 'activity_days_by_month' and (entry.key < first_month or entry.key > last_month))
           or jsonb_typeof(entry.value) <> 'number'
           or (entry.value::text)::numeric <> trunc((entry.value::text)::numeric)
           or (entry.value::text)::numeric < 0
           or (entry.value::text)::numeric > 9007199254740991 then
          bad_path := '$.' || section || '.' || left(entry.key, 40);
          exit sections_loop;
        end if;
      end loop;
    end loop;
  end if;

  if bad_path is not null then
    raise exception 'figures rejected by the allow-list at %', bad_path
      using errcode = 'BF001',
            detail = 'Only the documented shape is stored: fixed keys, non-negative safe integers, a boolean flag and enumerated metadata strings.',
            hint = 'Compute figures with compute_bufdir_metrics; never put names, contact details, ids or free text in them.';
  end if;
  return new;
end
$function$;

-- migrate:down
CREATE OR REPLACE FUNCTION hidden.check_snapshot_key(org_id uuid, period_start date, period_end date)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  latest date := (date_trunc('year', now()::date) + interval '2 years - 1 day')::date;
begin
  if check_snapshot_key.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif check_snapshot_key.period_start is null then
    raise exception 'period_start must not be null' using errcode = '22004';
  elsif check_snapshot_key.period_end is null then
    raise exception 'period_end must not be null' using errcode = '22004';
  elsif check_snapshot_key.period_end < check_snapshot_key.period_start then
    raise exception 'period_end (%) is before period_start (%)', check_snapshot_key.period_end, check_snapshot_key.period_start
      using errcode = '22023';
  elsif check_snapshot_key.period_end - check_snapshot_key.period_start + 1 > 366 then
    raise exception 'the period from period_start % to period_end % spans % days; at most 366 are allowed',
      check_snapshot_key.period_start, check_snapshot_key.period_end, check_snapshot_key.period_end - check_snapshot_key.period_start + 1
      using errcode = '22023';
  elsif check_snapshot_key.period_start < date '2000-01-01' then
    raise exception 'period_start (%) is before 2000-01-01', check_snapshot_key.period_start using errcode = '22023';
  elsif check_snapshot_key.period_end > latest then
    raise exception 'period_end (%) is after %, the end of next year', check_snapshot_key.period_end, latest
      using errcode = '22023';
  end if;
end
$function$;

comment on function hidden.check_snapshot_key(uuid,date,date) is 'Validates an (organisation, period) argument triple: 22004 for a null, 22023 for a reversed, over-long or out-of-range period. Messages name the argument.';

CREATE OR REPLACE FUNCTION private.summary_period_end(period_type public.summary_period_type, period_start date)
 RETURNS date
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if summary_period_end.period_start is null or summary_period_end.period_type is null then
    raise exception 'period_type and period_start must not be null' using errcode = '22004';
  end if;
  if extract(day from summary_period_end.period_start) <> 1
     or (summary_period_end.period_type = 'quarter' and extract(month from summary_period_end.period_start)::int % 3 <> 1)
     or (summary_period_end.period_type = 'half_year' and extract(month from summary_period_end.period_start)::int not in (1, 7))
     or (summary_period_end.period_type = 'year' and extract(month from summary_period_end.period_start)::int <> 1) then
    raise exception 'period_start % does not start a %', summary_period_end.period_start, summary_period_end.period_type
      using errcode = '22023';
  end if;
  return (summary_period_end.period_start + case summary_period_end.period_type
            when 'month' then interval '1 month' when 'quarter' then interval '3 months'
            when 'half_year' then interval '6 months' else interval '1 year' end - interval '1 day')::date;
end
$function$;

CREATE OR REPLACE FUNCTION hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  latest date := (pg_catalog.date_trunc('year', pg_catalog.now()::date) + interval '2 years - 1 day')::date;
begin
  if check_activity_fields.kind is null then
    raise exception 'kind must not be null' using errcode = '22004';
  elsif check_activity_fields.activity_date is null then
    raise exception 'activity_date must not be null' using errcode = '22004';
  elsif check_activity_fields.duration_minutes is null then
    raise exception 'duration_minutes must not be null' using errcode = '22004';
  elsif check_activity_fields.anonymous_participants is null then
    raise exception 'anonymous_participants must not be null' using errcode = '22004';
  elsif check_activity_fields.in_norway is null then
    raise exception 'in_norway must not be null' using errcode = '22004';
  elsif check_activity_fields.mentor_ids is null then
    raise exception 'mentor_ids must not be null' using errcode = '22004';
  elsif check_activity_fields.participant_ids is null then
    raise exception 'participant_ids must not be null' using errcode = '22004';
  elsif check_activity_fields.activity_date < date '2000-01-01' then
    raise exception 'activity_date (%) is before 2000-01-01', check_activity_fields.activity_date using errcode = '22023';
  elsif check_activity_fields.activity_date > latest then
    raise exception 'activity_date (%) is after %, the end of next year', check_activity_fields.activity_date, latest
      using errcode = '22023';
  elsif check_activity_fields.duration_minutes not between 1 and 1440 then
    raise exception 'duration_minutes (%) must be between 1 and 1440', check_activity_fields.duration_minutes
      using errcode = '22023';
  elsif check_activity_fields.anonymous_participants not between 0 and 100000 then
    raise exception 'anonymous_participants (%) must be between 0 and 100000', check_activity_fields.anonymous_participants
      using errcode = '22023';
  elsif check_activity_fields.municipality_code !~ '^[0-9]{4}$' then
    raise exception 'municipality_code must be four digits' using errcode = '22023';
  elsif check_activity_fields.municipality_code_version !~ '^[0-9]{4}$' then
    raise exception 'municipality_code_version must be a year of four digits' using errcode = '22023';
  elsif (check_activity_fields.municipality_code is null) <> (check_activity_fields.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version are given together or not at all' using errcode = '22023';
  elsif pg_catalog.cardinality(check_activity_fields.mentor_ids) = 0 then
    raise exception 'mentor_ids must name at least one mentor' using errcode = '22023';
  elsif pg_catalog.array_position(check_activity_fields.mentor_ids, null) is not null then
    raise exception 'mentor_ids must not contain null' using errcode = '22004';
  elsif pg_catalog.array_position(check_activity_fields.participant_ids, null) is not null then
    raise exception 'participant_ids must not contain null' using errcode = '22004';
  end if;
end
$function$;

CREATE OR REPLACE FUNCTION hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb)
 RETURNS public.bufdir_metric_snapshots
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  generation pg_snapshot;
begin
  perform hidden.check_snapshot_key(save_metric_snapshot.org_id, save_metric_snapshot.period_start, save_metric_snapshot.period_end);
  if save_metric_snapshot.snapshot_json is null then
    raise exception 'snapshot_json must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(save_metric_snapshot.org_id, '{coordinator,admin}');
  -- Figures computed in an earlier call carry the MVCC snapshot they were read in
  -- (computed_in), so changes made between computing and saving count as unseen.
  -- The allow-list has checked the token's form; one from the future is refused.
  if save_metric_snapshot.snapshot_json ->> 'computed_in' ~ '^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$' then
    generation := (save_metric_snapshot.snapshot_json ->> 'computed_in')::pg_snapshot;
    if pg_catalog.pg_snapshot_xmax(generation) > pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot()) then
      raise exception 'snapshot_json.computed_in names a snapshot that has not been taken yet' using errcode = '22023';
    end if;
  end if;
  return private.store_snapshot(save_metric_snapshot.org_id, save_metric_snapshot.period_start,
                                save_metric_snapshot.period_end, save_metric_snapshot.snapshot_json,
                                coalesce(generation, pg_catalog.pg_current_snapshot()));
end
$function$;

CREATE OR REPLACE FUNCTION hidden.list_member_names(org_id uuid)
 RETURNS TABLE(user_id uuid, display_name text, email text, role public.member_role)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform hidden.require_role(list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             u.email::text
           ),
           u.email::text,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$function$;

CREATE OR REPLACE FUNCTION private.reject_pii_in_figures()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  doc jsonb := to_jsonb(new) -> tg_argv[0];
  section text;
  entry record;
  key_pattern text;
  bad_path text;
  metric_keys constant text[] := array[
    'activity_days', 'activities_total', 'activities_non_counting', 'proxy_duplicates_merged',
    'participations', 'unique_participants', 'unique_participants_is_lower_bound',
    'minutes_total', 'active_mentors'];
  kind_pattern constant text := '^(in_person_outreach|phone_or_digital|group_meeting|mentor_course|other)$';
  sections constant jsonb := jsonb_build_object(
    'activity_days_by_kind', kind_pattern,
    'activities_by_kind', kind_pattern,
    'activities_by_path', '^(direct|proxy|bulk)$',
    'activity_days_by_month', '^[0-9]{4}-(0[1-9]|1[0-2])$',
    'activity_days_by_county', '^([0-9]{2}|unknown)$');
begin
  if jsonb_typeof(doc) is distinct from 'object' then
    bad_path := '$';
  elsif (select array_agg(k order by k) from jsonb_object_keys(doc) k)
        is distinct from (select array_agg(k order by k) from unnest(
          array['shape_version', 'rule_version', 'computed_in', 'period', 'totals'] || array(select jsonb_object_keys(sections))) k) then
    bad_path := '$ (keys must be exactly the documented ones)';
  elsif doc -> 'shape_version' <> '1'::jsonb then
    bad_path := '$.shape_version';
  elsif jsonb_typeof(doc -> 'rule_version') <> 'string' or doc ->> 'rule_version' !~ '^[0-9]{4}\.[0-9]{1,3}$' then
    bad_path := '$.rule_version';
  elsif jsonb_typeof(doc -> 'computed_in') <> 'string'
        or length(doc ->> 'computed_in') > 2000
        or doc ->> 'computed_in' !~ '^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$' then
    bad_path := '$.computed_in';
  elsif jsonb_typeof(doc -> 'period') <> 'object'
        or (select array_agg(k order by k) from jsonb_object_keys(doc -> 'period') k) is distinct from array['end', 'start']
        or jsonb_typeof(doc -> 'period' -> 'start') <> 'string' or doc -> 'period' ->> 'start' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        or jsonb_typeof(doc -> 'period' -> 'end') <> 'string' or doc -> 'period' ->> 'end' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
    bad_path := '$.period';
  elsif jsonb_typeof(doc -> 'totals') <> 'object'
        or (select array_agg(k order by k) from jsonb_object_keys(doc -> 'totals') k)
           is distinct from (select array_agg(k order by k) from unnest(metric_keys) k) then
    bad_path := '$.totals (keys must be exactly the documented metrics)';
  end if;

  if bad_path is null then
    for entry in select * from jsonb_each(doc -> 'totals') loop
      if entry.key = 'unique_participants_is_lower_bound' then
        if jsonb_typeof(entry.value) <> 'boolean' then bad_path := '$.totals.' || entry.key; exit; end if;
      elsif jsonb_typeof(entry.value) <> 'number'
            or (entry.value::text)::numeric <> trunc((entry.value::text)::numeric)
            or abs((entry.value::text)::numeric) > 9007199254740991
            or (entry.value::text)::numeric < 0 then
        bad_path := '$.totals.' || entry.key;
        exit;
      end if;
    end loop;
  end if;

  if bad_path is null then
    <<sections_loop>>
    for section, key_pattern in select s.key, s.value #>> '{}' from jsonb_each(sections) s loop
      if jsonb_typeof(doc -> section) <> 'object' then
        bad_path := '$.' || section;
        exit;
      end if;
      for entry in select * from jsonb_each(doc -> section) loop
        if entry.key !~ key_pattern
           or jsonb_typeof(entry.value) <> 'number'
           or (entry.value::text)::numeric <> trunc((entry.value::text)::numeric)
           or (entry.value::text)::numeric < 0
           or (entry.value::text)::numeric > 9007199254740991 then
          bad_path := '$.' || section || '.' || left(entry.key, 40);
          exit sections_loop;
        end if;
      end loop;
    end loop;
  end if;

  if bad_path is not null then
    raise exception 'figures rejected by the allow-list at %', bad_path
      using errcode = 'BF001',
            detail = 'Only the documented shape is stored: fixed keys, non-negative safe integers, a boolean flag and enumerated metadata strings.',
            hint = 'Compute figures with compute_bufdir_metrics; never put names, contact details, ids or free text in them.';
  end if;
  return new;
end
$function$;
