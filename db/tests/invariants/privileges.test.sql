-- The whole privilege table of the project schemas (grantee × object × privilege,
-- every grantee but the object's owner) equals the allow-list below, so any
-- drift fails: a new grant, a lost one, or a default privilege reopening public.
-- anon and authenticated hold no TRUNCATE, TRIGGER or REFERENCES anywhere and no
-- sequence; row-level security decides every row of the commands they hold.
begin;
set local search_path = extensions, tests, public;
select plan(7);

-- Object names as the catalogue spells them with nothing on the search path.
create function pg_temp.privilege_table() returns table (grantee text, object text, privilege text)
language sql stable set search_path = pg_catalog as $$
  with objects as (
    select 'table ' || c.oid::regclass::text as object, coalesce(c.relacl, acldefault('r', c.relowner)) as acl, c.relowner as owner
    from pg_class c
    where c.relkind in ('r', 'p', 'v', 'm', 'f') and c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
    union all
    select 'sequence ' || c.oid::regclass::text, coalesce(c.relacl, acldefault('s', c.relowner)), c.relowner
    from pg_class c
    where c.relkind = 'S' and c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
    union all
    select 'column ' || a.attrelid::regclass::text || '.' || quote_ident(a.attname), a.attacl, c.relowner
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    where a.attacl is not null and c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
    union all
    select 'function ' || p.oid::regprocedure::text, coalesce(p.proacl, acldefault('f', p.proowner)), p.proowner
    from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
    union all
    select 'schema ' || n.nspname, coalesce(n.nspacl, acldefault('n', n.nspowner)), n.nspowner
    from pg_namespace n
    where n.nspname in ('hidden', 'private')
  )
  select case a.grantee when 0 then 'PUBLIC' else a.grantee::regrole::text end, o.object, a.privilege_type
  from objects o cross join lateral aclexplode(o.acl) a
  where a.grantee <> o.owner
$$;

create temporary table allowed (grantees text[], object text, privileges text[]);
insert into allowed values
  -- schemas: hidden holds the helpers policies call and the RPCs' bodies; private nobody's
  ('{authenticated,service_role}', 'schema hidden', '{USAGE}'),
  -- tables: a command only where a policy can use it, row-level security decides
  -- each row; anon holds none; the service role runs the operator's tasks
  ('{authenticated,service_role}', 'table public.organisations', '{SELECT,UPDATE}'),
  ('{service_role}', 'table public.organisations', '{INSERT,DELETE}'),
  ('{authenticated,service_role}', 'table public.members', '{SELECT,INSERT,UPDATE,DELETE}'),
  ('{supabase_auth_admin}', 'table public.members', '{SELECT}'),
  ('{authenticated,service_role}', 'table public.mentor_active_periods', '{SELECT,INSERT,UPDATE,DELETE}'),
  ('{authenticated,service_role}', 'table public.contacts', '{SELECT,DELETE}'),
  ('{service_role}', 'table public.contacts', '{INSERT,UPDATE}'),
  ('{authenticated,service_role}', 'table public.activities', '{SELECT,DELETE}'),
  ('{service_role}', 'table public.activities', '{INSERT,UPDATE}'),
  -- authenticated inserts and updates only the columns a client may set; the
  -- server sets id (activities), created_at and updated_at, and nobody moves a row
  -- to another organisation or changes who registered it or by which path
  ('{authenticated}', 'column public.contacts.org_id', '{INSERT}'),
  ('{authenticated}', 'column public.contacts.id', '{INSERT}'),
  ('{authenticated}', 'column public.contacts.created_by', '{INSERT}'),
  ('{authenticated}', 'column public.contacts.full_name', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.contacts.birth_year', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.contacts.phone', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.contacts.email', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.contacts.municipality_code', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.contacts.municipality_code_version', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.contacts.deleted_at', '{UPDATE}'),
  ('{authenticated}', 'column public.activities.org_id', '{INSERT}'),
  ('{authenticated}', 'column public.activities.registration_path', '{INSERT}'),
  ('{authenticated}', 'column public.activities.registered_by', '{INSERT}'),
  ('{authenticated}', 'column public.activities.kind', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.activities.activity_date', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.activities.duration_minutes', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.activities.anonymous_participants', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.activities.municipality_code', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.activities.municipality_code_version', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.activities.in_norway', '{INSERT,UPDATE}'),
  ('{authenticated}', 'column public.activities.deleted_at', '{UPDATE}'),
  ('{authenticated,service_role}', 'table public.activity_mentors', '{SELECT,INSERT,DELETE}'),
  ('{service_role}', 'table public.activity_mentors', '{UPDATE}'),
  ('{authenticated,service_role}', 'table public.activity_participants', '{SELECT,INSERT,DELETE}'),
  ('{service_role}', 'table public.activity_participants', '{UPDATE}'),
  ('{authenticated,service_role}', 'table public.bufdir_counting_rules', '{SELECT}'),
  ('{service_role}', 'table public.bufdir_counting_rules', '{INSERT,UPDATE,DELETE}'),
  ('{authenticated,service_role}', 'table public.bufdir_metric_snapshots', '{SELECT,DELETE}'),
  ('{service_role}', 'table public.bufdir_metric_snapshots', '{INSERT,UPDATE}'),
  ('{authenticated,service_role}', 'table public.periodic_summaries', '{SELECT}'),
  ('{service_role}', 'table public.periodic_summaries', '{INSERT,UPDATE,DELETE}'),
  ('{service_role}', 'table public.summary_push_outbox', '{SELECT,INSERT,UPDATE,DELETE}'),
  ('{authenticated,service_role}', 'table public.bufdir_export_audit_log', '{SELECT}'),
  ('{authenticated,service_role}', 'table public.organisation_review_limits', '{SELECT}'),
  ('{service_role}', 'table public.organisation_review_limits', '{INSERT,UPDATE,DELETE}'),
  ('{service_role}', 'table public.summary_job_failures', '{SELECT}'),
  -- functions: the RPCs and the helpers they and the policies call; never anon
  ('{supabase_auth_admin}', 'function public.custom_access_token_hook(jsonb)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.compute_bufdir_metrics(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.save_metric_snapshot(uuid,date,date,jsonb)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.refresh_metric_snapshot(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.get_metric_snapshot(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.delete_metric_snapshot(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.metric_snapshot_status(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.verify_metric_snapshot(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.export_bufdir_report(uuid,date,date,boolean)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.generate_periodic_summaries(uuid,public.summary_period_type,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.invalidate_periodic_summaries(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.list_periodic_summaries_since(uuid,text,integer)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.set_summaries_enabled(uuid,boolean)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.list_member_names(uuid)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.register_activity(uuid,public.registration_path,public.activity_kind,date,integer,uuid[],uuid[],integer,text,text,boolean)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.edit_activity(uuid,uuid,public.activity_kind,date,integer,uuid[],uuid[],integer,text,text,boolean)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.delete_activity(uuid,uuid)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.list_activities(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated}', 'function public.set_review_limits(uuid,integer,integer,integer)', '{EXECUTE}'),
  ('{authenticated}', 'function public.confirm_activity(uuid,uuid)', '{EXECUTE}'),
  ('{authenticated}', 'function public.list_held_activities(uuid,date,date)', '{EXECUTE}'),
  -- administration: creating an organisation is the operator's; contacts are registered by users
  ('{service_role}', 'function public.create_organisation(text,text)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.list_organisations()', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.add_member(uuid,text,public.member_role)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.set_member_status(uuid,uuid,public.approval_status)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.list_members(uuid)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.add_mentor_active_period(uuid,uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.end_mentor_active_period(uuid,uuid,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.list_mentor_active_periods(uuid)', '{EXECUTE}'),
  ('{authenticated}', 'function public.add_contact(uuid,text,integer,text,text,text,text)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.list_contacts(uuid)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.explain_activities(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.explain_activity(uuid,uuid)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function public.count_entries_by_verdict(uuid,date,date)', '{EXECUTE}'),
  -- the security-definer bodies of the RPCs above: the same roles as their wrappers
  ('{authenticated,service_role}', 'function hidden.compute_bufdir_metrics(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.save_metric_snapshot(uuid,date,date,jsonb)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.refresh_metric_snapshot(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.metric_snapshot_status(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.verify_metric_snapshot(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.export_bufdir_report(uuid,date,date,boolean)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.generate_periodic_summaries(uuid,public.summary_period_type,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.invalidate_periodic_summaries(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.list_periodic_summaries_since(uuid,text,integer)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.set_summaries_enabled(uuid,boolean)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.list_member_names(uuid)', '{EXECUTE}'),
  ('{authenticated}', 'function hidden.set_review_limits(uuid,integer,integer,integer)', '{EXECUTE}'),
  ('{authenticated}', 'function hidden.confirm_activity(uuid,uuid)', '{EXECUTE}'),
  ('{authenticated}', 'function hidden.list_held_activities(uuid,date,date)', '{EXECUTE}'),
  ('{service_role}', 'function hidden.create_organisation(text,text)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.add_member(uuid,text,public.member_role)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.set_member_status(uuid,uuid,public.approval_status)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.list_members(uuid)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.explain_entries(uuid,date,date,uuid)', '{EXECUTE}'),
  -- who the request is: its database role and the claims that agree with it
  ('{authenticated,service_role}', 'function hidden.request_role()', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.request_claim_role()', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.is_service_role_request()', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.request_user_id()', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.caller_org_ids(public.member_role[])', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.caller_pending_org_ids(public.member_role[])', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.caller_activity_ids()', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.caller_contact_ids()', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.caller_membership(uuid)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.require_role(uuid,public.member_role[])', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.rules_in_force(date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.check_snapshot_key(uuid,date,date)', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.check_activity_fields(public.activity_kind,date,integer,integer,text,text,boolean,uuid[],uuid[])', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.check_activity_links(uuid,uuid[],uuid[])', '{EXECUTE}'),
  ('{authenticated,service_role}', 'function hidden.activity_registration(uuid,uuid)', '{EXECUTE}');

create temporary view allow_list as
select g.grantee, a.object, p.privilege
from allowed a cross join lateral unnest(a.grantees) g(grantee) cross join lateral unnest(a.privileges) p(privilege);

select is(
  array(select format('%s %s on %s', grantee, privilege, object) from pg_temp.privilege_table()
        except select format('%s %s on %s', grantee, privilege, object) from allow_list order by 1),
  '{}'::text[], 'no role holds a privilege the allow-list does not name');
select is(
  array(select format('%s %s on %s', grantee, privilege, object) from allow_list
        except select format('%s %s on %s', grantee, privilege, object) from pg_temp.privilege_table() order by 1),
  '{}'::text[], 'every privilege the allow-list names is granted');
select is_empty(
  $$select 1 from pg_temp.privilege_table() where grantee in ('anon', 'authenticated') and privilege in ('TRUNCATE', 'TRIGGER', 'REFERENCES')$$,
  'anon and authenticated hold no TRUNCATE, TRIGGER or REFERENCES anywhere');

-- New objects start closed to the API roles: no default privilege grants them anything.
create table public.zz_new_table (id int primary key);
create sequence public.zz_new_sequence;
create function public.zz_new_function() returns int language sql as 'select 1';
select is_empty(
  $$select 1 from pg_temp.privilege_table() where object like 'table public.zz_new_table%'$$,
  'a new table in public grants nothing to anyone');
select is_empty(
  $$select 1 from pg_temp.privilege_table() where object like 'sequence public.zz_new_sequence%'$$,
  'a new sequence in public grants nothing to anyone');
select is_empty(
  $$select 1 from pg_temp.privilege_table() where object like 'function public.zz_new_function%'$$,
  'a new function in public grants nothing to anyone');
create table private.zz_new_table (id int primary key);
create function hidden.zz_new_function() returns int language sql as 'select 1';
select is_empty(
  $$select 1 from pg_temp.privilege_table() where object in ('table private.zz_new_table', 'function hidden.zz_new_function()')$$,
  'a new table in private and a new function in hidden grant nothing to anyone');

select * from finish();
rollback;
