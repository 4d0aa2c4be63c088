create or replace function private.figure_shape() returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
  select jsonb_build_object(
    'shape_version', 2,
    'totals', jsonb_build_array(
      'activity_days', 'activities_total', 'activities_non_counting', 'proxy_duplicates_merged',
      'participations', 'unique_participants', 'unique_participants_is_lower_bound',
      'minutes_total', 'active_mentors'),
    'flag_total', 'unique_participants_is_lower_bound',
    'breakdowns', jsonb_build_array(
      jsonb_build_object('name', 'activity_days_by_kind', 'keys', 'activity_kind'),
      jsonb_build_object('name', 'activities_by_kind', 'keys', 'activity_kind'),
      jsonb_build_object('name', 'activities_by_path', 'keys', 'registration_path'),
      jsonb_build_object('name', 'activity_days_by_month', 'keys', 'month'),
      jsonb_build_object('name', 'activity_days_by_county', 'keys', 'county'),
      jsonb_build_object('name', 'entries_left_out_by_reason', 'keys', 'left_out_reason')),
    'key_patterns', jsonb_build_object(
      'activity_kind', '^(' || array_to_string(enum_range(null::public.activity_kind)::text[], '|') || ')$',
      'registration_path', '^(' || array_to_string(enum_range(null::public.registration_path)::text[], '|') || ')$',
      'month', '^[0-9]{4}-(0[1-9]|1[0-2])$',
      'county', '^([0-9]{2}|unknown)$',
      'left_out_reason', '^(' || array_to_string(enum_range(null::public.left_out_reason)::text[], '|') || ')$'))
$_$;

comment on function private.figure_shape() is 'The figures'' shape, version 2, defined once: the totals in their documented order, the one flag among them, the breakdowns in their documented order with the domain of their keys, and each domain''s key pattern. The allow-list reads it; make gen writes the client''s copy from it.';

revoke all on function private.figure_shape() from public, anon, authenticated, service_role;
