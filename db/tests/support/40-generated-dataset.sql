-- pgTAP test support: a generated organisation whose activities exercise every
-- counting rule at random, reproducible from a seed (for the differential test
-- of the aggregation). Test databases only; never a migration.

create or replace function tests.generate_organisation(org_id uuid, seed double precision, activities integer,
                                                      review_limits boolean default true)
returns void
language plpgsql volatile
as $$
declare
  mentors uuid[];
  contacts uuid[];
  coordinator uuid := gen_random_uuid();
  day_pool date[];
  activity uuid;
  twin record;
  path public.registration_path;
  kind public.activity_kind;
  day date;
  registered_at timestamptz;
  mentor_count integer;
  contact_count integer;
  municipality text;
begin
  perform setseed(generate_organisation.seed);
  insert into public.organisations (id, name) values (generate_organisation.org_id, 'Generated ' || generate_organisation.org_id);
  perform tests.create_user('coordinator-' || generate_organisation.org_id || '@generated.example', coordinator);
  insert into public.members (org_id, user_id, role, approval_status) values (generate_organisation.org_id, coordinator, 'coordinator', 'approved');

  -- Twelve mentors: approved and active, active only for part of the year, with
  -- two periods, never active, pending, revoked.
  mentors := array(select gen_random_uuid() from generate_series(1, 12));
  for i in 1 .. 12 loop
    perform tests.create_user(format('mentor%s-%s@generated.example', i, generate_organisation.org_id), mentors[i]);
    insert into public.members (org_id, user_id, role, approval_status)
    values (generate_organisation.org_id, mentors[i], 'peer_mentor',
            case when i = 10 then 'pending' when i = 11 then 'revoked' else 'approved' end::public.approval_status);
    insert into public.mentor_active_periods (org_id, mentor_id, active_from, active_to)
    select generate_organisation.org_id, mentors[i], p.active_from, p.active_to
    from (values
      (case when i in (6, 7) then date '2026-03-15' else date '2025-01-01' end,
       case when i in (5, 7) then date '2026-05-31' when i = 8 then date '2026-04-30' end),
      (case when i = 8 then date '2026-09-01' end, null::date)) p(active_from, active_to)
    where p.active_from is not null and i <> 9;
  end loop;

  contacts := array(select gen_random_uuid() from generate_series(1, 25));
  insert into public.contacts (org_id, id, full_name, created_by)
  select generate_organisation.org_id, c, 'Generated contact', coordinator from unnest(contacts) c;

  -- Few distinct days, so one mentor often has several activities on a day.
  day_pool := array(select date '2026-01-01' + (random() * 364)::int from generate_series(1, greatest(activities / 12, 3)));

  for i in 1 .. generate_organisation.activities loop
    activity := gen_random_uuid();
    -- A proxy twin repeats an earlier direct entry's date, kind, mentors, contacts
    -- and the values figures read; one in four differs in one of those values
    -- (and is then no twin), and some are registered before the direct entry.
    if random() < 0.12 then
      select a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants, a.municipality_code,
             a.municipality_code_version, a.in_norway, floor(random() * 12)::int as differs into twin
      from public.activities a
      where a.org_id = generate_organisation.org_id and a.registration_path = 'direct'
      order by random() limit 1;
      if twin.id is not null then
        insert into public.activities (org_id, id, kind, activity_date, duration_minutes, anonymous_participants,
                                       municipality_code, municipality_code_version, in_norway, registration_path, registered_by, created_at)
        values (generate_organisation.org_id, activity, twin.kind, twin.activity_date,
                case when twin.differs = 0 then twin.duration_minutes % 1440 + 1 else twin.duration_minutes end,
                case when twin.differs = 1 then twin.anonymous_participants + 1 else twin.anonymous_participants end,
                case when twin.differs = 2 then null else twin.municipality_code end,
                case when twin.differs = 2 then null else twin.municipality_code_version end,
                twin.in_norway <> (twin.differs = 3), 'proxy', coordinator,
                timestamptz '2026-01-01' + random() * interval '400 days');
        insert into public.activity_mentors (org_id, activity_id, mentor_id)
        select m.org_id, activity, m.mentor_id from public.activity_mentors m where m.org_id = generate_organisation.org_id and m.activity_id = twin.id;
        insert into public.activity_participants (org_id, activity_id, contact_id)
        select p.org_id, activity, p.contact_id from public.activity_participants p where p.org_id = generate_organisation.org_id and p.activity_id = twin.id;
        continue;
      end if;
    end if;

    path := (array['direct', 'direct', 'direct', 'direct', 'proxy', 'bulk'])[1 + floor(random() * 6)::int];
    kind := (enum_range(null::public.activity_kind))[1 + floor(random() * 5)::int];
    day := day_pool[1 + floor(random() * cardinality(day_pool))::int];
    -- Registration times collide on purpose (one batch, one timestamp): the id breaks the tie.
    registered_at := timestamptz '2026-01-01' + floor(random() * 40) * interval '1 day';
    municipality := case when random() < 0.85 then (array['0301', '4601', '1103', '5001', '3301'])[1 + floor(random() * 5)::int] end;
    insert into public.activities (org_id, id, kind, activity_date, duration_minutes, anonymous_participants,
                                   municipality_code, municipality_code_version, in_norway, registration_path,
                                   registered_by, created_at, deleted_at)
    values (generate_organisation.org_id, activity, kind, day,
            -- Thresholds and one below them, and anything else.
            (array[44, 45, 46, 89, 90, 91, 30, 120])[1 + floor(random() * 8)::int],
            case when random() < 0.3 then floor(random() * 4)::int else 0 end,
            municipality, case when municipality is not null then '2024' end, random() < 0.92, path, coordinator, registered_at,
            case when random() < 0.06 then now() end);

    mentor_count := case when random() < 0.8 then 1 when random() < 0.7 then 2 else 3 end;
    insert into public.activity_mentors (org_id, activity_id, mentor_id)
    select distinct generate_organisation.org_id, activity, mentors[1 + floor(random() * 12)::int]
    from generate_series(1, mentor_count);

    -- Contacts from a small pool, so the same person returns on the same day.
    contact_count := floor(random() * 5)::int;
    insert into public.activity_participants (org_id, activity_id, contact_id)
    select distinct generate_organisation.org_id, activity, contacts[1 + floor(random() * 25)::int]
    from generate_series(1, contact_count);
  end loop;

  -- Review limits (a minutes limit always, the others drawn), some of the entries
  -- above them confirmed, and some of those edited upwards afterwards, which
  -- holds them again.
  if generate_organisation.review_limits then
    insert into public.organisation_review_limits (org_id, max_minutes_per_activity, max_anonymous_participants, max_known_participants)
    values (generate_organisation.org_id, (array[90, 100, 119])[1 + floor(random() * 3)::int],
            case when random() < 0.6 then 2 end, case when random() < 0.6 then 3 end);
    update public.activities a
    set review_confirmed_at = a.created_at + interval '1 day', review_confirmed_by = coordinator
    where a.org_id = generate_organisation.org_id and a.deleted_at is null
      and private.exceeds_review_limits(
            limits => private.review_limits_of(org_id => a.org_id), minutes => a.duration_minutes,
            anonymous => a.anonymous_participants,
            known_participants => (select count(*)::int from public.activity_participants ap
                                   where ap.org_id = a.org_id and ap.activity_id = a.id))
      and random() < 0.4;
    update public.activities a
    set anonymous_participants = a.anonymous_participants + 1
    where a.org_id = generate_organisation.org_id and a.review_confirmed_at is not null and random() < 0.25;
  end if;
end
$$;
comment on function tests.generate_organisation(uuid, double precision, integer, boolean) is
  'Creates an organisation with mentors of every status and period, contacts, and activities drawn from a seed: proxy twins, several mentors, same-day repeats, soft deletes, abroad, every kind at and below each threshold; with review_limits, review limits and entries above them held, confirmed, and confirmed then edited upwards (held again).';

-- The periods the differential test compares: every month, quarter and half of
-- 2026, the year, and some spans drawn from the same seed.
create or replace function tests.comparison_periods(seed double precision)
returns table (period_start date, period_end date)
language plpgsql volatile
as $$
begin
  perform setseed(comparison_periods.seed);
  return query
  select (date '2026-01-01' + make_interval(months => m))::date, (date '2026-01-01' + make_interval(months => m + 1) - interval '1 day')::date
  from generate_series(0, 11) m
  union all
  select (date '2026-01-01' + make_interval(months => q * 3))::date, (date '2026-01-01' + make_interval(months => q * 3 + 3) - interval '1 day')::date
  from generate_series(0, 3) q
  union all
  values (date '2026-01-01', date '2026-06-30'), (date '2026-07-01', date '2026-12-31'), (date '2026-01-01', date '2026-12-31')
  union all
  select s.d, s.d + (random() * 120)::int
  from (select date '2025-12-01' + (random() * 380)::int as d from generate_series(1, 5)) s;
end
$$;
comment on function tests.comparison_periods(double precision) is 'Months, quarters, halves and the year 2026, and five spans drawn from the seed.';
