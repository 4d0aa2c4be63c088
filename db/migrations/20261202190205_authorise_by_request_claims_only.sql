-- Purpose: authorisation reads the caller's id only from request.jwt.claims.
-- Objects: hidden.caller_org_ids, caller_pending_org_ids, caller_activity_ids,
-- caller_contact_ids, caller_membership; public.register_activity, edit_activity,
-- delete_activity; every row-level policy that named the caller through
-- auth.uid(); the defaults of activities.registered_by and contacts.created_by.
-- Why: auth.uid() (Supabase's, and the local bootstrap's copy of it) reads the
-- legacy request.jwt.claim.sub setting before request.jwt.claims, and the policy
-- helpers used it, although the legacy settings are never to authorise: any
-- session that switched to authenticated could name another user there. These
-- now use hidden.request_user_id(): the `sub` of request.jwt.claims, for a request
-- running as authenticated whose claims agree with that role. hidden.require_role
-- keeps refusing a request whose auth.uid() disagrees with it, so code that
-- records auth.uid() (the export's audit row) records the verified user.
-- The policies are rewritten from their own definitions, changing only the
-- caller lookup; the function bodies likewise.

-- migrate:up
do $$
declare
  old_path text := pg_catalog.current_setting('search_path');
  target record;
  new_qual text;
  new_check text;
  definition text;
begin
  -- Nothing on the search path: the definitions come back fully qualified.
  perform pg_catalog.set_config('search_path', 'pg_catalog', true);
  for target in
    select p.schemaname, p.tablename, p.policyname, p.qual, p.with_check
    from pg_catalog.pg_policies p
    where p.schemaname = 'public'
      and (p.qual like '%auth.uid()%' or p.with_check like '%auth.uid()%')
  loop
    new_qual := replace(target.qual, 'auth.uid()', 'hidden.request_user_id()');
    new_check := replace(target.with_check, 'auth.uid()', 'hidden.request_user_id()');
    execute format('alter policy %I on %I.%I', target.policyname, target.schemaname, target.tablename)
      || coalesce(' using (' || new_qual || ')', '')
      || coalesce(' with check (' || new_check || ')', '');
  end loop;
  for target in
    select p.oid from pg_catalog.pg_proc p
    where p.oid in ('hidden.caller_org_ids(public.member_role[])'::regprocedure,
                    'hidden.caller_pending_org_ids(public.member_role[])'::regprocedure,
                    'hidden.caller_activity_ids()'::regprocedure,
                    'hidden.caller_contact_ids()'::regprocedure,
                    'hidden.caller_membership(uuid)'::regprocedure,
                    'public.register_activity(uuid, public.registration_path, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean)'::regprocedure,
                    'public.edit_activity(uuid, uuid, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean)'::regprocedure,
                    'public.delete_activity(uuid, uuid)'::regprocedure)
  loop
    definition := pg_catalog.pg_get_functiondef(target.oid);
    if position('(select auth.uid())' in definition) = 0 then
      raise exception 'function % does not read (select auth.uid())', target.oid::regprocedure;
    end if;
    execute replace(definition, '(select auth.uid())', '(select hidden.request_user_id())');
  end loop;
  perform pg_catalog.set_config('search_path', old_path, true);
end
$$;

alter table public.activities alter column registered_by set default hidden.request_user_id();
alter table public.contacts alter column created_by set default hidden.request_user_id();

-- migrate:down
alter table public.contacts alter column created_by set default auth.uid();
alter table public.activities alter column registered_by set default auth.uid();

do $$
declare
  old_path text := pg_catalog.current_setting('search_path');
  target record;
  definition text;
begin
  perform pg_catalog.set_config('search_path', 'pg_catalog', true);
  for target in
    select p.oid from pg_catalog.pg_proc p
    where p.oid in ('hidden.caller_org_ids(public.member_role[])'::regprocedure,
                    'hidden.caller_pending_org_ids(public.member_role[])'::regprocedure,
                    'hidden.caller_activity_ids()'::regprocedure,
                    'hidden.caller_contact_ids()'::regprocedure,
                    'hidden.caller_membership(uuid)'::regprocedure,
                    'public.register_activity(uuid, public.registration_path, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean)'::regprocedure,
                    'public.edit_activity(uuid, uuid, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean)'::regprocedure,
                    'public.delete_activity(uuid, uuid)'::regprocedure)
  loop
    definition := pg_catalog.pg_get_functiondef(target.oid);
    execute replace(definition, '(select hidden.request_user_id())', '(select auth.uid())');
  end loop;
  -- The policies that still named the caller through auth.uid() before this
  -- migration (those 20261202190201 and 20261202190202 rewrote go back with them).
  for target in
    select p.schemaname, p.tablename, p.policyname, p.qual, p.with_check
    from pg_catalog.pg_policies p
    where p.schemaname = 'public'
      and (p.tablename, p.policyname) in (
        ('activities', 'delete_members'), ('activities', 'insert_members'), ('activities', 'select_members'),
        ('activities', 'update_members'), ('activity_mentors', 'select_members'),
        ('activity_participants', 'delete_editors'), ('activity_participants', 'select_members'),
        ('contacts', 'insert_members'), ('members', 'select_members'),
        ('mentor_active_periods', 'select_members'), ('periodic_summaries', 'select_members'))
  loop
    execute format('alter policy %I on %I.%I', target.policyname, target.schemaname, target.tablename)
      || coalesce(' using (' || replace(target.qual, 'hidden.request_user_id()', 'auth.uid()') || ')', '')
      || coalesce(' with check (' || replace(target.with_check, 'hidden.request_user_id()', 'auth.uid()') || ')', '');
  end loop;
  perform pg_catalog.set_config('search_path', old_path, true);
end
$$;
