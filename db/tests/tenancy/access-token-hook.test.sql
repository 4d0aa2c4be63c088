-- The access-token hook and the membership helper, as plain SQL: the claims a
-- multi-organisation user gets, and that removing a membership removes access.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(15);

create temporary table hook_event as
select jsonb_build_object(
  'user_id', tests.user_id('dual@fixture.example'),
  'authentication_method', 'password',
  'claims', jsonb_build_object('sub', tests.user_id('dual@fixture.example'), 'role', 'authenticated', 'aud', 'authenticated')
) as event;
grant select on hook_event to supabase_auth_admin, authenticated;
-- Named before the role switch: supabase_auth_admin has no use of the tests schema.
select tests.user_id('dual@fixture.example') as dual_id \gset

-- Supabase Auth calls the hook as supabase_auth_admin.
set local role supabase_auth_admin;
select is(
  (select public.custom_access_token_hook(event) -> 'claims' -> 'org_roles' from hook_event),
  '{"00000000-0000-4000-a000-00000000000a": "peer_mentor", "00000000-0000-4000-a000-00000000000b": "coordinator"}'::jsonb,
  'a user in two organisations gets both memberships with their role in each'
);
select is(
  (select public.custom_access_token_hook(event) -> 'claims' ->> 'sub' from hook_event),
  :'dual_id',
  'the hook keeps the claims Supabase Auth already set'
);
select is(
  (select public.custom_access_token_hook(event) ->> 'authentication_method' from hook_event),
  'password',
  'the hook returns the whole event, changing only the claims'
);
select is(
  public.custom_access_token_hook('{"user_id": "00000000-0000-4000-b000-0000000000ff", "claims": {}}') -> 'claims' -> 'org_roles',
  '{}'::jsonb,
  'a user without memberships gets an empty org_roles claim'
);
select is(
  public.custom_access_token_hook('{"user_id": "00000000-0000-4000-b000-000000000005", "claims": {}}') -> 'claims' -> 'org_roles',
  '{}'::jsonb,
  'a pending membership is not in the claim (it acts only on what its member registered)'
);
select throws_ok(
  $$select public.custom_access_token_hook('{"user_id": "not a uuid", "claims": {}}')$$,
  '22023', null,
  'an event without a user id of the uuid form is 22023'
);
reset role;

select tests.authenticate_as('dual@fixture.example');
select throws_ok(
  $$select public.custom_access_token_hook('{"user_id": "00000000-0000-4000-b000-000000000002", "claims": {}}')$$,
  '42501', null, 'an API user cannot call the hook to read memberships'
);
select set_eq($$select hidden.caller_org_ids()$$,
  $$values (tests.organisation_id('A')), (tests.organisation_id('B'))$$,
  'the membership helper returns both organisations');
select set_eq($$select hidden.caller_org_ids('{coordinator,admin}')$$,
  $$values (tests.organisation_id('B'))$$,
  'filtered by role it returns only the organisation they coordinate');
select is((select count(*)::int from public.activities where org_id = tests.organisation_id('B')), 3, 'as coordinator of B they read B''s activities');

-- Remove the B membership: access ends with the next statement, not at token refresh.
select tests.clear_authentication();
delete from public.members
where org_id = tests.organisation_id('B') and user_id = tests.user_id('dual@fixture.example');

select tests.authenticate_as('dual@fixture.example',
  '{"org_roles": {"00000000-0000-4000-a000-00000000000b": "coordinator"}}');
select is((select count(*)::int from public.activities where org_id = tests.organisation_id('B')), 0,
  'after removal they read nothing of B, even with a stale org_roles claim in their token');
select set_eq($$select hidden.caller_org_ids()$$,
  $$values (tests.organisation_id('A'))$$,
  'the membership helper returns only A');

select tests.clear_authentication();
set local role supabase_auth_admin;
select is(
  (select public.custom_access_token_hook(event) -> 'claims' -> 'org_roles' from hook_event),
  '{"00000000-0000-4000-a000-00000000000a": "peer_mentor"}'::jsonb,
  'the next token carries only the remaining membership'
);
reset role;
update public.members set approval_status = 'revoked'
where user_id = tests.user_id('dual@fixture.example') and org_id = tests.organisation_id('A');
set local role supabase_auth_admin;
select is(
  (select public.custom_access_token_hook(event) -> 'claims' -> 'org_roles' from hook_event),
  '{}'::jsonb,
  'a revoked membership leaves the claim with the next token'
);
reset role;

select tests.authenticate_as_anon();
select throws_ok($$select hidden.caller_org_ids()$$, '42501', null, 'anon cannot even call the membership helper');

select * from finish();
rollback;
