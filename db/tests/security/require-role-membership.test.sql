-- hidden.require_role reads the caller's membership row itself, and the policies
-- ask hidden.caller_org_ids: both must say the same thing. For a member of every
-- role in every status, and a member of another organisation only, each role
-- filter passes exactly when the membership is approved and its role is in the
-- filter (any role without one), and caller_org_ids lists the organisation in
-- exactly those cases. The service role passes; nobody signed in does not.
begin;
set local search_path = extensions, tests, public;
select plan(25);

insert into public.organisations (id, name) values
  ('00000000-0000-4000-a000-0000000000e1', 'Require role E1'),
  ('00000000-0000-4000-a000-0000000000e2', 'Require role E2');

create temporary table memberships (email text, user_id uuid, org_id uuid, role public.member_role, approval_status public.approval_status);
insert into memberships
select format('%s.%s@require-role.example', r.role, s.status),
       format('00000000-0000-4000-b000-0000000e%s%s', r.n, s.n)::uuid,
       '00000000-0000-4000-a000-0000000000e1'::uuid, r.role, s.status
from (values ('peer_mentor'::public.member_role, '1'), ('coordinator', '2'), ('admin', '3')) r(role, n)
cross join (values ('approved'::public.approval_status, '001'), ('pending', '002'), ('revoked', '003')) s(status, n);
-- An approved admin of the other organisation only.
insert into memberships values ('elsewhere@require-role.example', '00000000-0000-4000-b000-0000000e9001',
  '00000000-0000-4000-a000-0000000000e2', 'admin', 'approved');

select is((select count(tests.create_user(m.email, m.user_id)) from memberships m), 10::bigint, 'ten users exist');
insert into public.members (org_id, user_id, role, approval_status)
select m.org_id, m.user_id, m.role, m.approval_status from memberships m;

create temporary table role_filters (n int, roles public.member_role[]);
insert into role_filters values (1, null), (2, '{peer_mentor}'), (3, '{coordinator}'), (4, '{admin}'), (5, '{coordinator,admin}');

-- For each role filter in order: what require_role answers about E1 for the caller.
create function pg_temp.require_role_outcomes() returns text language sql as $$
  select string_agg(tests.outcome(format('select hidden.require_role(%L, %L)',
    '00000000-0000-4000-a000-0000000000e1', f.roles)), ' ' order by f.n)
  from role_filters f
$$;
-- For each role filter in order: whether caller_org_ids lists E1 for the caller.
create function pg_temp.listed_outcomes() returns text language sql as $$
  select string_agg(case when '00000000-0000-4000-a000-0000000000e1' in (select hidden.caller_org_ids(f.roles))
                         then 'ok:1' else 'error:42501' end, ' ' order by f.n)
  from role_filters f
$$;
-- What both must say for a membership (or none) of E1.
create function pg_temp.expected_outcomes(role public.member_role, approval_status public.approval_status) returns text language sql as $$
  select string_agg(case when expected_outcomes.approval_status = 'approved'
                          and (f.roles is null or expected_outcomes.role = any (f.roles))
                         then 'ok:1' else 'error:42501' end, ' ' order by f.n)
  from role_filters f
$$;
create function pg_temp.check_member(email text) returns setof text language plpgsql as $$
declare
  expected text;
  by_require_role text;
  by_caller_org_ids text;
begin
  select pg_temp.expected_outcomes(m.role, case when m.org_id = '00000000-0000-4000-a000-0000000000e1' then m.approval_status end)
    into expected from memberships m where m.email = check_member.email;
  perform tests.authenticate_as(check_member.email);
  by_require_role := pg_temp.require_role_outcomes();
  by_caller_org_ids := pg_temp.listed_outcomes();
  perform tests.clear_authentication();
  return next is(by_require_role, expected, format('require_role answers %s for each role filter as its membership says', check_member.email));
  return next is(by_caller_org_ids, expected, format('caller_org_ids lists the organisation for %s exactly where require_role passes', check_member.email));
end
$$;

-- The helpers run as the roles under test.
grant select on role_filters to anon, authenticated, service_role;
grant execute on function pg_temp.require_role_outcomes(), pg_temp.listed_outcomes() to anon, authenticated, service_role;

select pg_temp.check_member(m.email) from memberships m order by m.email;

select tests.authenticate_as_service_role();
select is(pg_temp.require_role_outcomes(), 'ok:1 ok:1 ok:1 ok:1 ok:1', 'the service role passes every role filter');
select tests.clear_authentication();
select tests.authenticate_as_anon();
select is(pg_temp.require_role_outcomes(), 'error:42501 error:42501 error:42501 error:42501 error:42501', 'anon passes no role filter');
select tests.clear_authentication();
select is(pg_temp.require_role_outcomes(), 'error:42501 error:42501 error:42501 error:42501 error:42501', 'a session with no request role passes no role filter');
select tests.authenticate_as('admin.approved@require-role.example', '{"role": "service_role"}');
select is(pg_temp.require_role_outcomes(), 'error:42501 error:42501 error:42501 error:42501 error:42501', 'an approved admin whose role claim says service_role passes no role filter');
select tests.clear_authentication();

select * from finish();
rollback;
