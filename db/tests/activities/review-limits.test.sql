-- Per-organisation review limits: approved members read them, admins set them
-- (set_review_limits), and setting them makes the organisation's figures stale.
-- A live entry above any of them is held until a coordinator or admin confirms it
-- (confirm_activity); list_held_activities lists the held entries with the
-- limits each exceeds. A confirmation is written only by confirm_activity and is
-- cleared when the entry's counted values or participants change. Every refusal
-- changes nothing.
-- Fixture ids: organisation A …a000-00000000000a, B …b; mentor.a …b001,
-- coordinator.a …b006, admin.a …b007, admin.b …b010; contacts …c000-000000000aNN.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(54);

create temporary table fingerprints on commit drop as
select tests.fingerprint('public.activities') as activities,
       tests.fingerprint('public.activity_participants') as participants,
       tests.fingerprint('public.organisation_review_limits') as limits;
grant select, update on fingerprints to anon, authenticated, service_role;
create function pg_temp.nothing_changed() returns boolean language sql as $$
  select tests.fingerprint('public.activities') = f.activities
     and tests.fingerprint('public.activity_participants') = f.participants
     and tests.fingerprint('public.organisation_review_limits') = f.limits
  from fingerprints f
$$;
create function pg_temp.remember() returns void language sql as $$
  update fingerprints set activities = tests.fingerprint('public.activities'),
                          participants = tests.fingerprint('public.activity_participants'),
                          limits = tests.fingerprint('public.organisation_review_limits')
$$;
grant execute on function pg_temp.nothing_changed(), pg_temp.remember() to anon, authenticated, service_role;
create function pg_temp.held() returns setof uuid language sql as $$
  select activity_id from public.list_held_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')
$$;
grant execute on function pg_temp.held() to authenticated;

-- The predicate the figures use.
select is(private.exceeds_review_limits(limits => null, minutes => 1440, anonymous => 100000, known_participants => 1000), false, 'no limits row holds nothing');
select is(private.exceeds_review_limits(limits => row(gen_random_uuid(), null, null, null, now(), null)::public.organisation_review_limits, minutes => 1440, anonymous => 100000, known_participants => 1000),
  false, 'null limits hold nothing');
select is(private.exceeds_review_limits(limits => row(gen_random_uuid(), 120, 10, 3, now(), null)::public.organisation_review_limits, minutes => 120, anonymous => 10, known_participants => 3),
  false, 'values at the limits are not held');
select is(private.exceeded_review_limits(limits => row(gen_random_uuid(), 120, 10, 3, now(), null)::public.organisation_review_limits, minutes => 121, anonymous => 11, known_participants => 4),
  array['minutes_per_activity', 'anonymous_participants', 'known_participants']::public.review_limit[],
  'exceeded_review_limits names every limit exceeded, in enum order');
select is(private.exceeds_review_limits(limits => row(gen_random_uuid(), null, null, 3, now(), null)::public.organisation_review_limits, minutes => 1440, anonymous => 0, known_participants => 4),
  true, 'one value over one set limit is enough to hold an entry');

-- Setting the limits: admins of the organisation only.
select tests.authenticate_as_service_role();
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  'a fresh snapshot of A''s first half-year');
select tests.authenticate_as('mentor.a@fixture.example');
select is((public.metric_snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30')).is_stale, false,
  '... is not stale');
select is((select count(*)::int from public.organisation_review_limits), 0, 'A has no review limits yet');
select is(tests.outcome($$select public.set_review_limits(tests.organisation_id('A'), 60, 2, 1)$$), 'error:42501',
  'a mentor cannot set review limits');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.set_review_limits(tests.organisation_id('A'), 60, 2, 1)$$), 'error:42501',
  'a coordinator cannot set review limits');
select is(tests.outcome($$insert into public.organisation_review_limits (org_id, max_minutes_per_activity) values (tests.organisation_id('A'), 60)$$),
  'error:42501', 'nor write the table');
select tests.authenticate_as('admin.b@fixture.example');
select is(tests.outcome($$select public.set_review_limits(tests.organisation_id('A'), 60, 2, 1)$$), 'error:42501',
  'an admin of B cannot set A''s review limits');
select tests.authenticate_as_service_role();
select is(tests.outcome($$select public.set_review_limits(tests.organisation_id('A'), 60, 2, 1)$$), 'error:42501',
  'the service role cannot call set_review_limits (it names no admin)');
select tests.authenticate_as_anon();
select is(tests.outcome($$select public.set_review_limits(tests.organisation_id('A'), 60, 2, 1)$$), 'error:42501',
  'anon cannot set review limits');
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$select public.set_review_limits(tests.organisation_id('A'), 0, 2, 1)$$), 'error:22023',
  'a minute limit of 0 is refused');
select is(tests.outcome($$select public.set_review_limits(tests.organisation_id('A'), 60, -1, 1)$$), 'error:22023',
  'a negative participant limit is refused');
select is(tests.outcome($$select public.set_review_limits(null, 60, 2, 1)$$), 'error:22004', 'a null org_id is refused');
select is(tests.outcome($$update public.organisation_review_limits set max_minutes_per_activity = 1$$), 'error:42501',
  'an admin cannot write the table directly either');
select ok(pg_temp.nothing_changed(), 'after every refused change nothing changed');

select is((select row(r.max_minutes_per_activity, r.max_anonymous_participants, r.max_known_participants, r.updated_by)::text
           from public.set_review_limits(tests.organisation_id('A'), 90, 3, 2) r),
  '(90,3,2,00000000-0000-4000-b000-000000000007)', 'an admin of A sets its review limits');
select tests.clear_authentication();
select is((private.review_limits_of(tests.organisation_id('A'))).max_known_participants, 2,
  'review_limits_of reads the organisation''s limits for the figures');
select is((private.review_limits_of(tests.organisation_id('B'))).max_known_participants, null::int,
  '... and nulls for an organisation without any');
select tests.authenticate_as('mentor.a@fixture.example');
select is((public.metric_snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30')).reasons,
  array['roster_changed'], 'changing the review limits makes the organisation''s snapshot stale');
select is((select max_minutes_per_activity from public.organisation_review_limits), 90, 'an approved mentor of A reads its limits');
select tests.authenticate_as('mentor.b@fixture.example');
select is((select count(*)::int from public.organisation_review_limits), 0, 'a member of B does not');
select tests.authenticate_as('pending.a@fixture.example');
select is((select count(*)::int from public.organisation_review_limits), 0, 'nor does a pending member of A');
select tests.authenticate_as_anon();
select is(tests.outcome($$select count(*) from public.organisation_review_limits$$), 'error:42501', 'anon cannot read them');

-- The held entries.
select tests.authenticate_as('coordinator.a@fixture.example');
select set_eq($$select pg_temp.held()$$,
  $$select a.id from public.activities a
    where a.org_id = tests.organisation_id('A') and a.deleted_at is null and a.activity_date between '2026-01-01' and '2026-12-31'
      and (a.duration_minutes > 90 or a.anonymous_participants > 3
           or (select count(*) from public.activity_participants p where p.org_id = a.org_id and p.activity_id = a.id) > 2)$$,
  'list_held_activities lists exactly the live entries of the period above a limit');
select is((public.register_activity(tests.organisation_id('A'), 'proxy', 'group_meeting', '2026-09-01', 120,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[],
  array[tests.contact_id('a01'), tests.contact_id('a02'), tests.contact_id('a03')]::uuid[])).id is not null,
  true, 'a coordinator registers 120 minutes with three known participants (hard limits allow it)');
select id as held_id from public.activities where activity_date = '2026-09-01' and duration_minutes = 120 \gset
select is((select row(h.exceeded_limits, h.known_participants, h.review_confirmed_at)::text
           from public.list_held_activities(tests.organisation_id('A'), '2026-09-01', '2026-09-01') h),
  '("{minutes_per_activity,known_participants}",3,)', 'it is listed as held, with the two limits it exceeds');
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select * from public.list_held_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$),
  'error:42501', 'a mentor cannot list held entries');
select is(tests.outcome($$select * from public.list_held_activities(tests.organisation_id('A'), '2026-12-31', '2026-01-01')$$),
  'error:22023', 'a reversed period is refused');

-- Confirming.
select pg_temp.remember();
select is(tests.outcome(format($$select public.confirm_activity(tests.organisation_id('A'), %L)$$, :'held_id')), 'error:42501',
  'a mentor cannot confirm a held entry');
select is(tests.outcome(format($$update public.activities set review_confirmed_at = now(), review_confirmed_by = auth.uid() where id = %L$$, :'held_id')),
  'error:42501', 'nor write the confirmation of an entry they cannot edit (no API role may write the column)');
select is(tests.outcome($$update public.activities set review_confirmed_at = now(), review_confirmed_by = auth.uid()
  where id = tests.activity_id('A01')$$), 'error:42501', 'nor of their own direct entry');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome(format($$update public.activities set review_confirmed_at = now(), review_confirmed_by = auth.uid() where id = %L$$, :'held_id')),
  'error:42501', 'a coordinator cannot write a confirmation on the table path');
select is(tests.outcome($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, review_confirmed_at, review_confirmed_by)
  values (tests.organisation_id('A'), 'other', '2026-09-02', 200, 'proxy', now(), auth.uid())$$),
  'error:42501', '... nor insert an entry already confirmed');
select is(tests.outcome($$select public.confirm_activity(tests.organisation_id('A'), '00000000-0000-4000-d000-0000000000ff')$$),
  'error:P0002', 'confirming a missing entry is not_found');
select is(tests.outcome($$select public.confirm_activity(tests.organisation_id('A'), id)
  from public.activities where org_id = tests.organisation_id('A') and deleted_at is null and duration_minutes <= 90
    and anonymous_participants <= 3 and activity_date < '2026-09-01' order by id limit 1$$),
  'error:22023', 'confirming an entry that exceeds no limit is refused');
select tests.authenticate_as_service_role();
select is(tests.outcome(format($$update public.activities set review_confirmed_at = now(), review_confirmed_by = tests.user_id('coordinator.a@fixture.example') where id = %L$$, :'held_id')),
  'error:42501', 'the service role cannot write a confirmation on the table path');
select is(tests.outcome(format($$select public.confirm_activity(tests.organisation_id('A'), %L)$$, :'held_id')), 'error:42501',
  'nor call confirm_activity (it names no coordinator)');
select ok(pg_temp.nothing_changed(), 'after every refused confirmation nothing changed');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((select row(c.review_confirmed_by, c.review_confirmed_at is not null)::text
           from public.confirm_activity(tests.organisation_id('A'), :'held_id') c),
  '(00000000-0000-4000-b000-000000000006,t)', 'a coordinator confirms the held entry');
select ok(:'held_id' not in (select pg_temp.held()), 'a confirmed entry is no longer listed as held');
select is((public.edit_activity(tests.organisation_id('A'), :'held_id', 'group_meeting', '2026-09-01', 120,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[],
  array[tests.contact_id('a01'), tests.contact_id('a02'), tests.contact_id('a03')]::uuid[])).id is not null,
  true, 'an edit that changes none of its values');
select ok(:'held_id' not in (select pg_temp.held()), '... keeps the confirmation');
select lives_ok(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'group_meeting', '2026-09-01', 121,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[],
  array[tests.contact_id('a01'), tests.contact_id('a02'), tests.contact_id('a03')]::uuid[])$$, :'held_id'),
  'an edit of its minutes');
select ok(:'held_id' in (select pg_temp.held()), '... clears the confirmation: it is held again');
select lives_ok(format($$select public.confirm_activity(tests.organisation_id('A'), %L)$$, :'held_id'), 'confirmed again,');
select lives_ok(format($$delete from public.activity_participants where activity_id = %L and contact_id = tests.contact_id('a03')$$, :'held_id'),
  'a participant removed on the table path');
select ok(:'held_id' in (select pg_temp.held()), '... clears it too');
select lives_ok(format($$select public.confirm_activity(tests.organisation_id('A'), %L)$$, :'held_id'), 'confirmed again,');
select lives_ok(format($$insert into public.activity_participants values (tests.organisation_id('A'), %L, tests.contact_id('a03'))$$, :'held_id'),
  'a participant added on the table path');
select ok(:'held_id' in (select pg_temp.held()), '... clears it too');

select * from finish();
rollback;
