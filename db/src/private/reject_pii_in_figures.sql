create or replace function private.reject_pii_in_figures() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
declare
  doc jsonb := to_jsonb(new) -> tg_argv[0];
  section text;
  entry record;
  key_pattern text;
  bad_path text;
  shape constant jsonb := private.figure_shape();
  metric_keys constant text[] := array(select jsonb_array_elements_text(shape -> 'totals'));
  flag_total constant text := shape ->> 'flag_total';
  -- The months of the document's period (checked below to be dates, and by the
  -- writers to be the row's period): a month key outside it is no figure of it.
  first_month constant text := left(doc -> 'period' ->> 'start', 7);
  last_month constant text := left(doc -> 'period' ->> 'end', 7);
  -- Each breakdown with the pattern of its keys.
  sections constant jsonb := (select jsonb_object_agg(b ->> 'name', shape -> 'key_patterns' ->> (b ->> 'keys'))
                              from jsonb_array_elements(shape -> 'breakdowns') b);
begin
  if jsonb_typeof(doc) is distinct from 'object' then
    bad_path := '$';
  elsif (select array_agg(k order by k) from jsonb_object_keys(doc) k)
        is distinct from (select array_agg(k order by k) from unnest(
          array['shape_version', 'rule_version', 'computed_in', 'period', 'totals'] || array(select jsonb_object_keys(sections))) k) then
    bad_path := '$ (keys must be exactly the documented ones)';
  elsif doc -> 'shape_version' <> shape -> 'shape_version' then
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
      if entry.key = flag_total then
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
$_$;

comment on function private.reject_pii_in_figures() is 'Trigger: refuses figures outside the documented shape (BF001). Argument: the jsonb column to check.';

revoke all on function private.reject_pii_in_figures() from public, anon, authenticated, service_role;
