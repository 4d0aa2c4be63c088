create or replace function hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]) returns void
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
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
$_$;

comment on function hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]) is 'Validates an activity''s fields against the schema''s thresholds: 22004 for a null, 22023 for a value out of range. Messages name the argument.';

revoke all on function hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]) from public, anon, authenticated, service_role;
grant execute on function hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]) to authenticated;
grant execute on function hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]) to service_role;
