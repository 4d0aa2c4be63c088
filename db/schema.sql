\restrict <key>

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;


--
-- Name: dbmate; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA dbmate;


--
-- Name: extensions; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA extensions;


--
-- Name: hidden; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA hidden;


--
-- Name: SCHEMA hidden; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA hidden IS 'Not exposed by PostgREST: helpers for row-level policies and the security-definer bodies of the RPCs in public. Usable by authenticated and service_role.';


--
-- Name: private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA private;


--
-- Name: SCHEMA private; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA private IS 'Internals: helpers and bookkeeping. Not exposed by the API; API roles have no usage.';


--
-- Name: activity_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.activity_kind AS ENUM (
    'in_person_outreach',
    'phone_or_digital',
    'group_meeting',
    'mentor_course',
    'other'
);


--
-- Name: TYPE activity_kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.activity_kind IS 'What took place. Which kinds count for Bufdir is decided by the versioned counting rules, not here.';


--
-- Name: left_out_reason; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.left_out_reason AS ENUM (
    'no_active_mentor',
    'held_for_review'
);


--
-- Name: TYPE left_out_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.left_out_reason IS 'Why an entry is left out of every figure, the first that applies: no_active_mentor = none of its mentors is approved with an active period covering its date; held_for_review = it exceeds one of its organisation''s review limits and no coordinator or admin has confirmed it.';


--
-- Name: registration_path; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.registration_path AS ENUM (
    'direct',
    'proxy',
    'bulk'
);


--
-- Name: TYPE registration_path; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.registration_path IS 'direct: by the mentor; proxy: by a coordinator on a mentor''s behalf; bulk: by a coordinator in a batch, possibly an anonymous head count.';


--
-- Name: figure_cell; Type: TYPE; Schema: private; Owner: -
--

CREATE TYPE private.figure_cell AS (
	scope uuid,
	day date,
	kind public.activity_kind,
	path public.registration_path,
	county text,
	activity_days bigint,
	activities bigint,
	duplicates bigint,
	participations bigint,
	lower_bound boolean,
	minutes bigint,
	left_out public.left_out_reason
);


--
-- Name: TYPE figure_cell; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TYPE private.figure_cell IS 'Additive figures of one scope (an organisation, or a mentor), day (or month) and breakdown keys; the unit the aggregation sums. A cell with left_out set counts, in activities, the entries left out for that reason (its other keys null, its other figures zero).';


--
-- Name: activity_registration; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.activity_registration AS (
	org_id uuid,
	id uuid,
	kind public.activity_kind,
	activity_date date,
	duration_minutes integer,
	anonymous_participants integer,
	municipality_code text,
	municipality_code_version text,
	in_norway boolean,
	registration_path public.registration_path,
	registered_by uuid,
	created_at timestamp with time zone,
	updated_at timestamp with time zone,
	deleted_at timestamp with time zone,
	mentor_ids uuid[],
	participant_ids uuid[]
);


--
-- Name: TYPE activity_registration; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.activity_registration IS 'One activity with the ids of its mentors and known participants (each sorted), as the activity RPCs return it.';


--
-- Name: entry_verdict; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.entry_verdict AS ENUM (
    'counts',
    'no_active_mentor',
    'held_for_review',
    'merged_proxy_twin',
    'kind_not_counted',
    'abroad',
    'too_few_participants',
    'too_short',
    'same_day_repeat',
    'deleted'
);


--
-- Name: TYPE entry_verdict; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.entry_verdict IS 'Whether an entry counts, or the first counting rule that keeps it out: no_active_mentor, held_for_review (rule 4, left out of every figure); merged_proxy_twin (rule 2); kind_not_counted, abroad, too_few_participants, too_short (rule 3: the kind, in Norway, the participant or minute threshold); same_day_repeat (rule 5: nothing new for any of its active mentors that day); deleted (rule 1: soft-deleted).';


--
-- Name: inactive_mentor_reason; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.inactive_mentor_reason AS ENUM (
    'pending_approval',
    'revoked',
    'outside_active_period',
    'no_mentor'
);


--
-- Name: TYPE inactive_mentor_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.inactive_mentor_reason IS 'Why an entry has no active mentor (verdict no_active_mentor), the nearest to counting among its mentors: outside_active_period = a mentor is approved but no active period covers the date; pending_approval = a mentor awaits approval; revoked = every mentor''s membership is revoked or gone; no_mentor = it names none.';


--
-- Name: activity_verdict; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.activity_verdict AS (
	org_id uuid,
	activity_id uuid,
	activity_date date,
	kind public.activity_kind,
	registration_path public.registration_path,
	counts boolean,
	verdict public.entry_verdict,
	inactive_mentor public.inactive_mentor_reason,
	merged_into uuid,
	rule_version text
);


--
-- Name: TYPE activity_verdict; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.activity_verdict IS 'One entry''s verdict: counts, the rule that decided it (verdict), for no_active_mentor why (inactive_mentor), for a merged proxy twin the direct entry it merged into when the caller may read it, and the rule version applied.';


--
-- Name: approval_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.approval_status AS ENUM (
    'pending',
    'approved',
    'revoked'
);


--
-- Name: TYPE approval_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.approval_status IS 'Whether an organisation has approved a member as a peer mentor (Bufdir counts only approved mentors).';


--
-- Name: held_activity; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.held_activity AS (
	org_id uuid,
	activity_id uuid,
	activity_date date,
	kind public.activity_kind,
	registration_path public.registration_path,
	registered_by uuid,
	duration_minutes integer,
	anonymous_participants integer,
	known_participants integer,
	exceeded_limits text[],
	review_confirmed_at timestamp with time zone,
	review_confirmed_by uuid
);


--
-- Name: TYPE held_activity; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.held_activity IS 'An activity measured against its organisation''s review limits: its checked values, the limits they exceed, and its confirmation (null while held).';


--
-- Name: member_role; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.member_role AS ENUM (
    'peer_mentor',
    'coordinator',
    'admin'
);


--
-- Name: TYPE member_role; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.member_role IS 'A member''s role in one organisation.';


--
-- Name: membership; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.membership AS (
	org_id uuid,
	user_id uuid,
	email text,
	display_name text,
	role public.member_role,
	approval_status public.approval_status,
	created_at timestamp with time zone,
	updated_at timestamp with time zone
);


--
-- Name: TYPE membership; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.membership IS 'One membership with the member''s e-mail and display name, as the administration RPCs return it. A revoked member''s e-mail is null and their name is the one in their metadata, or ''former member'' (as list_member_names shows them).';


--
-- Name: metric_snapshot_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.metric_snapshot_status AS (
	snapshot_exists boolean,
	snapshot_id uuid,
	computed_at timestamp with time zone,
	age_seconds bigint,
	rule_version text,
	rule_version_in_force text,
	record_count_at_generation bigint,
	record_count_now bigint,
	is_stale boolean,
	reasons text[]
);


--
-- Name: TYPE metric_snapshot_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.metric_snapshot_status IS 'Whether a snapshot exists and is stale. Reasons: missing, older_than_24h, activities_changed, roster_changed, rules_changed, generation_unknown.';


--
-- Name: review_limit; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.review_limit AS ENUM (
    'minutes_per_activity',
    'anonymous_participants',
    'known_participants'
);


--
-- Name: TYPE review_limit; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.review_limit IS 'A per-organisation review limit an activity can exceed.';


--
-- Name: summary_period_type; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.summary_period_type AS ENUM (
    'month',
    'quarter',
    'half_year',
    'year'
);


--
-- Name: TYPE summary_period_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.summary_period_type IS 'The length of a summary''s period. The organisation-wide year summary is the annual summary.';


--
-- Name: email(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;


--
-- Name: FUNCTION email(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.email() IS 'The `email` claim of the current request, or null.';


--
-- Name: jwt(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;


--
-- Name: FUNCTION jwt(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.jwt() IS 'The verified JWT claims of the current request, or null.';


--
-- Name: role(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;


--
-- Name: FUNCTION role(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.role() IS 'The `role` claim of the current request, or null.';


--
-- Name: uid(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;


--
-- Name: FUNCTION uid(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.uid() IS 'The `sub` claim of the current request: the calling user''s id, or null.';


--
-- Name: activity_registration(uuid, uuid); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.activity_registration(org_id uuid, activity_id uuid) RETURNS public.activity_registration
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
         a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
         a.registered_by, a.created_at, a.updated_at, a.deleted_at,
         array(select am.mentor_id from public.activity_mentors am
               where am.org_id = a.org_id and am.activity_id = a.id order by am.mentor_id),
         array(select ap.contact_id from public.activity_participants ap
               where ap.org_id = a.org_id and ap.activity_id = a.id order by ap.contact_id)
  from public.activities a
  where a.org_id = activity_registration.org_id and a.id = activity_registration.activity_id
$$;


--
-- Name: FUNCTION activity_registration(org_id uuid, activity_id uuid); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.activity_registration(org_id uuid, activity_id uuid) IS 'One activity with its mentor and participant ids, read as the caller (row-level security applies).';


--
-- Name: add_member(uuid, text, public.member_role); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.add_member(org_id uuid, email text, role public.member_role) RETURNS public.membership
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: finds the user by e-mail in auth.users, which no API role may read;
-- the caller's right to add this role is checked first.
declare
  new_user_id uuid;
begin
  if add_member.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_member.email is null then
    raise exception 'email must not be null' using errcode = '22004';
  elsif add_member.role is null then
    raise exception 'role must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => add_member.org_id, roles => '{coordinator,admin}');
  if add_member.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{admin}') o where o = add_member.org_id) then
    raise exception 'permission denied: only an admin of organisation % adds a %', add_member.org_id, add_member.role
      using errcode = '42501';
  end if;
  if not exists (select from public.organisations o where o.id = add_member.org_id) then
    raise exception 'no organisation %', add_member.org_id using errcode = 'P0002';
  end if;
  select u.id into new_user_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(add_member.email));
  if new_user_id is null then
    raise exception 'no user with e-mail %: they sign up (Supabase Auth) before they are added', add_member.email
      using errcode = 'P0002';
  end if;
  if exists (select from public.members m where m.org_id = add_member.org_id and m.user_id = new_user_id) then
    raise exception '% is a member of organisation % already (approve, revoke or list members instead)', add_member.email, add_member.org_id
      using errcode = '23505';
  end if;
  insert into public.members (org_id, user_id, role, approval_status)
  values (add_member.org_id, new_user_id, add_member.role, 'pending');
  return private.membership_of(org_id => add_member.org_id, user_id => new_user_id);
end
$$;


--
-- Name: FUNCTION add_member(org_id uuid, email text, role public.member_role); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.add_member(org_id uuid, email text, role public.member_role) IS 'The security-definer body of public.add_member, where PostgREST does not expose it; public.add_member (security invoker) calls it.';


--
-- Name: caller_activity_ids(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_activity_ids() RETURNS TABLE(org_id uuid, activity_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select am.org_id, am.activity_id
  from public.activity_mentors am
  join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id and m.approval_status = 'approved'
  where am.mentor_id = (select hidden.request_user_id())
  union
  select a.org_id, a.id
  from public.activities a
  join public.members m on m.org_id = a.org_id and m.user_id = a.registered_by and m.approval_status = 'approved'
  where a.registered_by = (select hidden.request_user_id())
$$;


--
-- Name: FUNCTION caller_activity_ids(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_activity_ids() IS 'The activities the calling user took part in as a mentor or registered, in the organisations where they are an approved member.';


--
-- Name: caller_contact_ids(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_contact_ids() RETURNS TABLE(org_id uuid, contact_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select ap.org_id, ap.contact_id
  from public.activity_participants ap
  join public.activity_mentors am
    on am.org_id = ap.org_id and am.activity_id = ap.activity_id
  join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id and m.approval_status = 'approved'
  where am.mentor_id = (select hidden.request_user_id())
$$;


--
-- Name: FUNCTION caller_contact_ids(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_contact_ids() IS 'The contacts the calling user met as a mentor, in the organisations where they are an approved member.';


--
-- Name: caller_membership(uuid); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_membership(org_id uuid) RETURNS public.member_role
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  found_role public.member_role;
begin
  if caller_membership.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  select m.role into found_role
  from public.members m
  where m.org_id = caller_membership.org_id
    and m.user_id = (select hidden.request_user_id())
    and (m.approval_status = 'approved' or (m.approval_status = 'pending' and m.role = 'peer_mentor'));
  if found_role is null then
    raise exception 'permission denied: the caller is not a member of organisation %', caller_membership.org_id
      using errcode = '42501';
  end if;
  return found_role;
end
$$;


--
-- Name: FUNCTION caller_membership(org_id uuid); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_membership(org_id uuid) IS 'The calling user''s role in org_id: an approved member''s, or peer_mentor for a pending mentor (who registers only their own direct entries). 42501 when they are not a member, their membership is revoked or is a pending coordinator''s or admin''s, or nobody is signed in (the service role has no user).';


--
-- Name: caller_org_ids(public.member_role[]); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_org_ids(roles public.member_role[] DEFAULT NULL::public.member_role[]) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  return query
    select m.org_id
    from public.members m
    where m.user_id = (select hidden.request_user_id())
      and m.approval_status = 'approved'
      and (caller_org_ids.roles is null or m.role = any (caller_org_ids.roles));
end
$$;


--
-- Name: FUNCTION caller_org_ids(roles public.member_role[]); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_org_ids(roles public.member_role[]) IS 'The organisations where the calling user is an approved member, optionally only those where their role is one of `roles`. Pending and revoked memberships are not listed. Empty for anon and unknown users.';


--
-- Name: caller_pending_org_ids(public.member_role[]); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_pending_org_ids(roles public.member_role[] DEFAULT NULL::public.member_role[]) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  return query
    select m.org_id
    from public.members m
    where m.user_id = (select hidden.request_user_id())
      and m.approval_status = 'pending'
      and (caller_pending_org_ids.roles is null or m.role = any (caller_pending_org_ids.roles));
end
$$;


--
-- Name: FUNCTION caller_pending_org_ids(roles public.member_role[]); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_pending_org_ids(roles public.member_role[]) IS 'The organisations where the calling user''s membership awaits approval, optionally only those where their role is one of `roles`. Policies grant these only the pending rights they name.';


--
-- Name: check_activity_fields(public.activity_kind, date, integer, integer, text, text, boolean, uuid[], uuid[]); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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


--
-- Name: FUNCTION check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.check_activity_fields(kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean, mentor_ids uuid[], participant_ids uuid[]) IS 'Validates an activity''s fields against the schema''s thresholds: 22004 for a null, 22023 for a value out of range. Messages name the argument.';


--
-- Name: check_activity_links(uuid, uuid[], uuid[]); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  missing uuid;
begin
  select wanted.id into missing
  from pg_catalog.unnest(check_activity_links.new_mentor_ids) as wanted(id)
  where not exists (
    select from public.members m
    where m.org_id = check_activity_links.org_id and m.user_id = wanted.id and m.approval_status <> 'revoked'
  )
  limit 1;
  if missing is not null then
    raise exception 'mentor_ids: % is not a member of the organisation', missing using errcode = '23503';
  end if;
  select wanted.id into missing
  from pg_catalog.unnest(check_activity_links.new_participant_ids) as wanted(id)
  where not exists (
    select from public.contacts c
    where c.org_id = check_activity_links.org_id and c.id = wanted.id and c.deleted_at is null
  )
  limit 1;
  if missing is not null then
    raise exception 'participant_ids: no contact % in the organisation', missing using errcode = '23503';
  end if;
end
$$;


--
-- Name: FUNCTION check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]) IS 'Refuses (23503) a mentor who is not a current member and a contact the caller cannot read or that does not exist, with the same error for both.';


--
-- Name: check_snapshot_key(uuid, date, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.check_snapshot_key(org_id uuid, period_start date, period_end date) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;


--
-- Name: FUNCTION check_snapshot_key(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.check_snapshot_key(org_id uuid, period_start date, period_end date) IS 'Validates an (organisation, period) argument triple: 22004 for a null, 22023 for an infinite, reversed, over-long or out-of-range period. Messages name the argument.';


--
-- Name: compute_bufdir_metrics(uuid, date, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform hidden.check_snapshot_key(org_id => compute_bufdir_metrics.org_id, period_start => compute_bufdir_metrics.period_start,
                                    period_end => compute_bufdir_metrics.period_end);
  perform hidden.require_role(org_id => compute_bufdir_metrics.org_id, roles => '{coordinator,admin}');
  return private.compute_metrics(org_id => compute_bufdir_metrics.org_id, period_start => compute_bufdir_metrics.period_start,
                                 period_end => compute_bufdir_metrics.period_end);
end
$$;


--
-- Name: FUNCTION compute_bufdir_metrics(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) IS 'The security-definer body of public.compute_bufdir_metrics, where PostgREST does not expose it; public.compute_bufdir_metrics (security invoker) calls it. Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';


--
-- Name: confirm_activity(uuid, uuid); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.confirm_activity(org_id uuid, activity_id uuid) RETURNS public.held_activity
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: only the table owner writes a confirmation (private.guard_review_confirmation);
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
  target public.activities;
  measured public.held_activity;
begin
  if confirm_activity.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif confirm_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => confirm_activity.org_id, roles => '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: entries are confirmed by a coordinator or admin of the organisation' using errcode = '42501';
  end if;
  select a.* into target from public.activities a
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id and a.deleted_at is null
  for no key update;
  if target.id is null then
    raise exception 'no activity % in organisation %', confirm_activity.activity_id, confirm_activity.org_id using errcode = 'P0002';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = confirm_activity.org_id;
  select target.org_id, target.id, target.activity_date, target.kind, target.registration_path, target.registered_by,
         target.duration_minutes, target.anonymous_participants, k.known,
         private.exceeded_review_limits(limits => limits, minutes => target.duration_minutes,
                                        anonymous => target.anonymous_participants, known_participants => k.known)::text[],
         null::timestamptz, null::uuid
  into measured
  from (select pg_catalog.count(*)::integer as known from public.activity_participants ap
        where ap.org_id = target.org_id and ap.activity_id = target.id) k;
  if measured.exceeded_limits = '{}' then
    raise exception 'activity % exceeds no review limit of its organisation: there is nothing to confirm', confirm_activity.activity_id
      using errcode = '22023';
  end if;
  update public.activities a
  set review_confirmed_at = pg_catalog.now(), review_confirmed_by = hidden.request_user_id()
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id;
  measured.review_confirmed_at := pg_catalog.now();
  measured.review_confirmed_by := hidden.request_user_id();
  return measured;
end
$$;


--
-- Name: FUNCTION confirm_activity(org_id uuid, activity_id uuid); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.confirm_activity(org_id uuid, activity_id uuid) IS 'The security-definer body of public.confirm_activity, where PostgREST does not expose it; public.confirm_activity (security invoker) calls it.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: organisations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT organisations_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200)))
);


--
-- Name: TABLE organisations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.organisations IS 'Tenants: one row per organisation or local branch. Its id is every tenant table''s org_id.';


--
-- Name: create_organisation(text, text); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.create_organisation(name text, admin_email text) RETURNS public.organisations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: reads auth.users to find the first admin by e-mail, which no API role
-- may read; only the service role gets past the first check.
declare
  admin_id uuid;
  created public.organisations;
begin
  if not hidden.is_service_role_request() then
    raise exception 'permission denied: organisations are created by the operator (the service role)' using errcode = '42501';
  end if;
  if create_organisation.name is null then
    raise exception 'name must not be null' using errcode = '22004';
  elsif create_organisation.admin_email is null then
    raise exception 'admin_email must not be null' using errcode = '22004';
  elsif pg_catalog.length(pg_catalog.btrim(create_organisation.name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  end if;
  if exists (select from public.organisations o
             where pg_catalog.lower(o.name) = pg_catalog.lower(pg_catalog.btrim(create_organisation.name))) then
    raise exception 'an organisation named "%" exists already', pg_catalog.btrim(create_organisation.name) using errcode = '23505';
  end if;
  select u.id into admin_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(create_organisation.admin_email));
  if admin_id is null then
    raise exception 'no user with e-mail %: users sign up (Supabase Auth) before they are made admins',
      create_organisation.admin_email using errcode = 'P0002';
  end if;
  insert into public.organisations as o (name) values (pg_catalog.btrim(create_organisation.name))
  returning o.* into created;
  insert into public.members (org_id, user_id, role, approval_status)
  values (created.id, admin_id, 'admin', 'approved');
  return created;
end
$$;


--
-- Name: FUNCTION create_organisation(name text, admin_email text); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.create_organisation(name text, admin_email text) IS 'The security-definer body of public.create_organisation, where PostgREST does not expose it; public.create_organisation (security invoker) calls it.';


--
-- Name: explain_entries(uuid, date, date, uuid); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) RETURNS SETOF public.activity_verdict
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    SET enable_nestloop TO 'off'
    SET enable_mergejoin TO 'off'
    SET enable_hashjoin TO 'on'
    SET enable_hashagg TO 'on'
    AS $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
-- Definer: rules 2, 4 and 5 compare an entry with every entry of its day, also
-- those the caller may not read. This body checks the caller first and returns
-- only the verdicts of entries the activities' read policy lets them read:
-- coordinators and admins all of the organisation's; approved mentors those they
-- took part in or registered; pending mentors those they registered.
declare
  caller uuid := hidden.request_user_id();
  sees_all boolean := hidden.is_service_role_request();
  approved_mentor boolean := false;
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => explain_entries.period_start);
begin
  perform hidden.check_snapshot_key(org_id => explain_entries.org_id, period_start => explain_entries.period_start,
                                    period_end => explain_entries.period_end);
  if not sees_all then
    sees_all := hidden.caller_membership(org_id => explain_entries.org_id) in ('coordinator', 'admin');
    approved_mentor := explain_entries.org_id in (select hidden.caller_org_ids(roles => '{peer_mentor}'));
  end if;
  if rules.version is null then
    raise exception 'no counting rules are in force on %', explain_entries.period_start using errcode = 'P0002';
  end if;
  return query
  with readable as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.created_at, a.deleted_at
    from public.activities a
    where a.org_id = explain_entries.org_id
      and a.activity_date between explain_entries.period_start and explain_entries.period_end
      and (explain_entries.only_activity is null or a.id = explain_entries.only_activity)
      and (sees_all
           or (approved_mentor and (a.registered_by = caller
                                    or (a.org_id, a.id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)))
           or (not approved_mentor and a.registered_by = caller))
  ), entries as materialized (
    -- The aggregation's classification of the days that hold a readable live entry.
    select p.entry, p.verdict, p.merged_into
    from private.figure_parts(org_id => explain_entries.org_id,
                              days => array(select distinct r.activity_date from readable r where r.deleted_at is null),
                              rules => rules, every_mentor => false, mentor_ids => '{}', by_day => false, entries => true) p
    where p.part = 'entry'
  ), inactive as (
    -- For entries without an active mentor: the nearest to counting among their mentors.
    select am.activity_id,
           case when bool_or(m.approval_status = 'approved') then 'outside_active_period'
                when bool_or(m.approval_status = 'pending') then 'pending_approval'
                else 'revoked' end::public.inactive_mentor_reason as reason
    from public.activity_mentors am
    left join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id
    where am.org_id = explain_entries.org_id
      and am.activity_id in (select e.entry from entries e where e.verdict = 'no_active_mentor')
    group by am.activity_id
  )
  select explain_entries.org_id, r.id, r.activity_date, r.kind, r.registration_path,
         coalesce(e.verdict = 'counts', false),
         case when r.deleted_at is not null then 'deleted'::public.entry_verdict else e.verdict end,
         case when e.verdict = 'no_active_mentor' then coalesce(i.reason, 'no_mentor') end,
         case when e.merged_into in (select x.id from readable x) then e.merged_into end,
         rules.version
  from readable r
  left join entries e on e.entry = r.id and r.deleted_at is null
  left join inactive i on i.activity_id = r.id
  order by r.activity_date, r.created_at, r.id;
end
$$;


--
-- Name: FUNCTION explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) IS 'The security-definer body of public.explain_activities, public.explain_activity and public.count_entries_by_verdict, where PostgREST does not expose it: the verdict of each entry of the period (or of only_activity) the caller may read, from private.figure_parts.';


--
-- Name: bufdir_export_audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bufdir_export_audit_log (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    exported_at timestamp with time zone DEFAULT now() NOT NULL,
    exported_by uuid,
    snapshot_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    rule_version text NOT NULL,
    record_count bigint NOT NULL,
    payload jsonb NOT NULL,
    payload_sha256 text NOT NULL,
    CONSTRAINT bufdir_export_audit_log_payload_sha256_check CHECK ((payload_sha256 ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: TABLE bufdir_export_audit_log; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.bufdir_export_audit_log IS 'Append-only record of every export to Bufdir: who, when, which snapshot, the exact payload and its SHA-256, rule version and record count.';


--
-- Name: COLUMN bufdir_export_audit_log.exported_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_export_audit_log.exported_by IS 'The exporting user; null for the service role.';


--
-- Name: COLUMN bufdir_export_audit_log.snapshot_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_export_audit_log.snapshot_id IS 'The snapshot exported (no foreign key: snapshots may be deleted later; the payload is kept here).';


--
-- Name: export_bufdir_report(uuid, date, date, boolean); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean DEFAULT false) RETURNS public.bufdir_export_audit_log
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  snapshot public.bufdir_metric_snapshots;
  status public.metric_snapshot_status;
  mismatches text;
  payload jsonb;
  generation pg_snapshot;
  logged public.bufdir_export_audit_log;
begin
  perform hidden.check_snapshot_key(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                    period_end => export_bufdir_report.period_end);
  perform hidden.require_role(org_id => export_bufdir_report.org_id, roles => '{coordinator,admin}');
  if export_bufdir_report.refresh is null then
    raise exception 'refresh must not be null' using errcode = '22004';
  end if;

  if export_bufdir_report.refresh then
    -- As refresh_metric_snapshot: the generation is taken before computing, so
    -- whatever commits in between counts as unseen for later staleness checks.
    -- The upsert locks the snapshot row until this transaction ends.
    generation := pg_catalog.pg_current_snapshot();
    perform private.refresh_day_partials(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                         period_end => export_bufdir_report.period_end);
    snapshot := private.store_snapshot(
      org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
      period_end => export_bufdir_report.period_end,
      figures => private.compute_metrics(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                         period_end => export_bufdir_report.period_end),
      generation => generation);
  else
    -- Lock the snapshot so a concurrent refresh or delete waits for the export.
    select s.* into snapshot from public.bufdir_metric_snapshots s
    where s.org_id = export_bufdir_report.org_id and s.period_start = export_bufdir_report.period_start
      and s.period_end = export_bufdir_report.period_end
    for update;
    if snapshot.id is null then
      raise exception 'export refused: no snapshot for organisation % from % to %',
        export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end
        using errcode = 'BF002', hint = 'Export with refresh => true, or run refresh_metric_snapshot first.';
    end if;

    status := private.snapshot_status(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                      period_end => export_bufdir_report.period_end);
    if status.is_stale then
      raise exception 'export refused: the snapshot is stale (%)', array_to_string(status.reasons, ', ')
        using errcode = 'BF003', detail = array_to_string(status.reasons, ','), hint = 'Export with refresh => true.';
    end if;

    -- Fresh, so its rule version is the one in force; recomputed under the
    -- snapshot's own version all the same, as verify_metric_snapshot does.
    perform private.refresh_day_partials(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                         period_end => export_bufdir_report.period_end);
    select string_agg(d.figure, ', ') into mismatches
    from private.figure_differences(
      persisted => snapshot.snapshot_json,
      recomputed => private.compute_metrics(
        org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
        period_end => export_bufdir_report.period_end, rule_version => snapshot.rule_version)) d;
    if mismatches is not null then
      raise exception 'export refused: the snapshot differs from a fresh recomputation in %', mismatches
        using errcode = 'BF004', detail = mismatches, hint = 'Run verify_metric_snapshot to see the figures, then export with refresh => true.';
    end if;
  end if;

  payload := jsonb_build_object(
    'org_id', snapshot.org_id,
    'period_start', snapshot.period_start,
    'period_end', snapshot.period_end,
    'rule_version', snapshot.rule_version,
    'snapshot_id', snapshot.id,
    'snapshot_content_hash', snapshot.content_hash,
    -- In UTC whatever the session's time zone, so the payload (and its hash) is
    -- the same text for everyone.
    'computed_at', to_char(snapshot.computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'figures', snapshot.snapshot_json);

  insert into public.bufdir_export_audit_log
    (org_id, exported_by, snapshot_id, period_start, period_end, rule_version, record_count, payload, payload_sha256)
  values (
    snapshot.org_id, (select auth.uid()), snapshot.id, snapshot.period_start, snapshot.period_end,
    snapshot.rule_version, snapshot.record_count_at_generation, payload,
    encode(sha256(convert_to(payload::text, 'UTF8')), 'hex'))
  returning * into logged;
  return logged;
end
$$;


--
-- Name: FUNCTION export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) IS 'The security-definer body of public.export_bufdir_report, where PostgREST does not expose it; public.export_bufdir_report (security invoker) calls it. Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';


--
-- Name: periodic_summaries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.periodic_summaries (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    mentor_id uuid,
    period_type public.summary_period_type NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    summary_data jsonb NOT NULL,
    generated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    invalidated_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    CONSTRAINT periodic_summaries_check CHECK ((period_end >= period_start)),
    CONSTRAINT periodic_summaries_version_check CHECK ((version >= 1))
);


--
-- Name: TABLE periodic_summaries; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.periodic_summaries IS 'PII-free figures per mentor (mentor_id) or for the whole organisation (mentor_id null) and period. Written only by the summary RPCs.';


--
-- Name: COLUMN periodic_summaries.invalidated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.periodic_summaries.invalidated_at IS 'Set when the figures are known to be wrong or outdated; cleared by regeneration.';


--
-- Name: COLUMN periodic_summaries.version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.periodic_summaries.version IS 'Bumped by every regeneration.';


--
-- Name: generate_periodic_summaries(uuid, public.summary_period_type, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) RETURNS SETOF public.periodic_summaries
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if generate_periodic_summaries.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => generate_periodic_summaries.org_id, roles => '{coordinator,admin}');
  perform private.require_summaries_enabled(org_id => generate_periodic_summaries.org_id);
  return query select * from private.generate_summaries(
    org_id => generate_periodic_summaries.org_id, period_type => generate_periodic_summaries.period_type,
    period_start => generate_periodic_summaries.period_start);
end
$$;


--
-- Name: FUNCTION generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) IS 'The security-definer body of public.generate_periodic_summaries, where PostgREST does not expose it; public.generate_periodic_summaries (security invoker) calls it. Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';


--
-- Name: invalidate_periodic_summaries(uuid, date, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  marked integer;
begin
  perform hidden.check_snapshot_key(org_id => invalidate_periodic_summaries.org_id,
                                    period_start => invalidate_periodic_summaries.period_start,
                                    period_end => invalidate_periodic_summaries.period_end);
  perform hidden.require_role(org_id => invalidate_periodic_summaries.org_id, roles => '{coordinator,admin}');
  perform private.require_summaries_enabled(org_id => invalidate_periodic_summaries.org_id);
  update public.periodic_summaries s
  set invalidated_at = now(), updated_at = now()
  where s.org_id = invalidate_periodic_summaries.org_id
    and s.period_start <= invalidate_periodic_summaries.period_end
    and s.period_end >= invalidate_periodic_summaries.period_start
    and s.invalidated_at is null;
  get diagnostics marked = row_count;
  return marked;
end
$$;


--
-- Name: FUNCTION invalidate_periodic_summaries(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) IS 'The security-definer body of public.invalidate_periodic_summaries, where PostgREST does not expose it; public.invalidate_periodic_summaries (security invoker) calls it. Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';


--
-- Name: is_service_role_request(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.is_service_role_request() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  return hidden.request_role() = 'service_role'
     and coalesce(hidden.request_claim_role(), 'service_role') = 'service_role';
end
$$;


--
-- Name: FUNCTION is_service_role_request(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.is_service_role_request() IS 'True when the request runs as the database role service_role and no claim says otherwise.';


--
-- Name: list_held_activities(uuid, date, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.list_held_activities(org_id uuid, period_start date, period_end date) RETURNS SETOF public.held_activity
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: counts every participant link of the entries, whoever registered them;
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
begin
  perform hidden.check_snapshot_key(org_id => list_held_activities.org_id, period_start => list_held_activities.period_start,
                                    period_end => list_held_activities.period_end);
  perform hidden.require_role(org_id => list_held_activities.org_id, roles => '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: held entries are listed for coordinators and admins of the organisation' using errcode = '42501';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = list_held_activities.org_id;
  if limits.org_id is null then
    return;
  end if;
  return query
  select h.*
  from (
    select a.org_id, a.id, a.activity_date, a.kind, a.registration_path, a.registered_by, a.duration_minutes,
           a.anonymous_participants, k.known,
           private.exceeded_review_limits(limits => limits, minutes => a.duration_minutes, anonymous => a.anonymous_participants,
                                          known_participants => k.known)::text[] as exceeded,
           a.review_confirmed_at, a.review_confirmed_by
    from public.activities a
    cross join lateral (
      select pg_catalog.count(*)::integer as known from public.activity_participants ap
      where ap.org_id = a.org_id and ap.activity_id = a.id) k
    where a.org_id = list_held_activities.org_id
      and a.activity_date between list_held_activities.period_start and list_held_activities.period_end
      and a.deleted_at is null and a.review_confirmed_at is null
  ) h
  where h.exceeded <> '{}'
  order by h.activity_date, h.id;
end
$$;


--
-- Name: FUNCTION list_held_activities(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.list_held_activities(org_id uuid, period_start date, period_end date) IS 'The security-definer body of public.list_held_activities, where PostgREST does not expose it; public.list_held_activities (security invoker) calls it.';


--
-- Name: list_member_names(uuid); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.list_member_names(org_id uuid) RETURNS TABLE(user_id uuid, display_name text, email text, role public.member_role)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if list_member_names.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             case when m.approval_status = 'revoked' then 'former member' else u.email::text end
           ),
           case when m.approval_status = 'revoked' then null else u.email::text end,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$$;


--
-- Name: FUNCTION list_member_names(org_id uuid); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.list_member_names(org_id uuid) IS 'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. A revoked member''s row shows their name only: display_name from their metadata or ''former member'', email null. Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';


--
-- Name: list_members(uuid); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.list_members(org_id uuid) RETURNS SETOF public.membership
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: reads the members' e-mails and names from auth.users; the caller is
-- checked first (an approved member reads the roster the policies show them).
begin
  if list_members.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_members.org_id);
  return query
    select x.*
    from public.members m
    cross join lateral private.membership_of(org_id => m.org_id, user_id => m.user_id) x
    where m.org_id = list_members.org_id
    order by m.role desc, m.approval_status, m.user_id;
end
$$;


--
-- Name: FUNCTION list_members(org_id uuid); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.list_members(org_id uuid) IS 'The security-definer body of public.list_members, where PostgREST does not expose it; public.list_members (security invoker) calls it.';


--
-- Name: list_periodic_summaries_since(uuid, text, integer); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.list_periodic_summaries_since(org_id uuid, since_cursor text DEFAULT NULL::text, page_size integer DEFAULT 500) RETURNS TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(org_id => list_periodic_summaries_since.org_id);
  sees_all := hidden.is_service_role_request()
    or exists (select from hidden.caller_org_ids(roles => '{coordinator,admin}') o
               where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    org_id => list_periodic_summaries_since.org_id, since_cursor => list_periodic_summaries_since.since_cursor,
    page_size => list_periodic_summaries_since.page_size,
    only_mentor => case when sees_all then null else (select auth.uid()) end);
end
$$;


--
-- Name: FUNCTION list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) IS 'The security-definer body of public.list_periodic_summaries_since, where PostgREST does not expose it; public.list_periodic_summaries_since (security invoker) calls it. Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';


--
-- Name: metric_snapshot_status(uuid, date, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) RETURNS public.metric_snapshot_status
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  status public.metric_snapshot_status;
begin
  perform hidden.check_snapshot_key(org_id => metric_snapshot_status.org_id, period_start => metric_snapshot_status.period_start,
                                    period_end => metric_snapshot_status.period_end);
  perform hidden.require_role(org_id => metric_snapshot_status.org_id);
  status := private.snapshot_status(org_id => metric_snapshot_status.org_id, period_start => metric_snapshot_status.period_start,
                                    period_end => metric_snapshot_status.period_end);
  if not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{coordinator,admin}') o
                     where o = metric_snapshot_status.org_id) then
    status.record_count_now := null;
  end if;
  return status;
end
$$;


--
-- Name: FUNCTION metric_snapshot_status(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) IS 'The security-definer body of public.metric_snapshot_status, where PostgREST does not expose it; public.metric_snapshot_status (security invoker) calls it. Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) only for coordinators, admins and the service role, null for mentors. Errors: 22004, 22023, 42501.';


--
-- Name: bufdir_metric_snapshots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bufdir_metric_snapshots (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    snapshot_json jsonb NOT NULL,
    rule_version text NOT NULL,
    record_count_at_generation bigint NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    generated_by uuid,
    content_hash text NOT NULL,
    CONSTRAINT bufdir_metric_snapshots_check CHECK ((period_end >= period_start)),
    CONSTRAINT bufdir_metric_snapshots_record_count_at_generation_check CHECK ((record_count_at_generation >= 0))
);


--
-- Name: TABLE bufdir_metric_snapshots; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.bufdir_metric_snapshots IS 'Cached, PII-free Bufdir figures for one organisation and inclusive period. Written only through the snapshot RPCs; every column but the figures is set by the database.';


--
-- Name: COLUMN bufdir_metric_snapshots.snapshot_json; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_metric_snapshots.snapshot_json IS 'The figures, in the documented shape (db/README.md, "Snapshot shape"); checked by an allow-list.';


--
-- Name: COLUMN bufdir_metric_snapshots.record_count_at_generation; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_metric_snapshots.record_count_at_generation IS 'Live (not deleted) activities of the organisation in the period when the figures were generated.';


--
-- Name: COLUMN bufdir_metric_snapshots.generated_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_metric_snapshots.generated_by IS 'The user who generated it; null for the service role.';


--
-- Name: COLUMN bufdir_metric_snapshots.content_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_metric_snapshots.content_hash IS 'SHA-256 (hex) of snapshot_json''s text.';


--
-- Name: refresh_metric_snapshot(uuid, date, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) RETURNS public.bufdir_metric_snapshots
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                    period_end => refresh_metric_snapshot.period_end);
  perform hidden.require_role(org_id => refresh_metric_snapshot.org_id, roles => '{coordinator,admin}');
  -- Taken before computing: under READ COMMITTED each statement has a newer
  -- snapshot, so whatever commits in between counts as unseen.
  generation := pg_catalog.pg_current_snapshot();
  perform private.refresh_day_partials(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                       period_end => refresh_metric_snapshot.period_end);
  figures := private.compute_metrics(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                     period_end => refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
    period_end => refresh_metric_snapshot.period_end, figures => figures, generation => generation);
end
$$;


--
-- Name: FUNCTION refresh_metric_snapshot(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) IS 'The security-definer body of public.refresh_metric_snapshot, where PostgREST does not expose it; public.refresh_metric_snapshot (security invoker) calls it. Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';


--
-- Name: request_claim_role(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.request_claim_role() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- Only the claims PostgREST sets; the legacy per-claim settings are never read.
  return nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'role';
end
$$;


--
-- Name: FUNCTION request_claim_role(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.request_claim_role() IS 'The `role` claim of request.jwt.claims (never the legacy request.jwt.claim.role setting), or null.';


--
-- Name: request_role(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.request_role() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- The `role` setting survives into security-definer code (current_user does not);
  -- 'none' means the connection never switched, so the login role is the request's.
  return case pg_catalog.current_setting('role') when 'none' then session_user::text
         else pg_catalog.current_setting('role') end;
end
$$;


--
-- Name: FUNCTION request_role(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.request_role() IS 'The database role the request runs as (PostgREST''s switch, or the login role), also inside security-definer code.';


--
-- Name: request_user_id(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.request_user_id() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  return case when hidden.request_role() = 'authenticated'
                   and coalesce(hidden.request_claim_role(), 'authenticated') = 'authenticated'
              then (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid end;
end
$$;


--
-- Name: FUNCTION request_user_id(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.request_user_id() IS 'The verified `sub` of a request running as authenticated whose claims agree with that role; null otherwise.';


--
-- Name: require_role(uuid, public.member_role[]); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.require_role(org_id uuid, roles public.member_role[] DEFAULT NULL::public.member_role[]) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  caller uuid;
begin
  if hidden.is_service_role_request() then
    return;
  end if;
  caller := hidden.request_user_id();
  -- The membership lookup reads the verified user; auth.uid() must agree with it,
  -- so code that records auth.uid() records that user, or nobody passes.
  if require_role.org_id is null
     or caller is null
     or caller is distinct from (select auth.uid())
     or not exists (
       select from public.members m
       where m.org_id = require_role.org_id
         and m.user_id = caller
         and m.approval_status = 'approved'
         and (require_role.roles is null or m.role = any (require_role.roles))) then
    raise exception 'permission denied: the caller is not % of organisation %',
      coalesce('a ' || array_to_string(require_role.roles, ' or '), 'a member'), require_role.org_id
      using errcode = '42501';
  end if;
end
$$;


--
-- Name: FUNCTION require_role(org_id uuid, roles public.member_role[]); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.require_role(org_id uuid, roles public.member_role[]) IS 'Raises 42501 unless the request runs as service_role, or as an authenticated member of org_id (with one of roles, when given); a role claim that disagrees with the database role grants nothing.';


--
-- Name: latest_counting_logic(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.latest_counting_logic() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    RETURN 1;


--
-- Name: FUNCTION latest_counting_logic(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.latest_counting_logic() IS 'The newest counting logic (bufdir_counting_rules.logic_version) the rules'' tests in private.figure_parts implement: 1, the rules as db/fixtures/README.md states them for 2026.1.';


--
-- Name: bufdir_counting_rules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bufdir_counting_rules (
    version text NOT NULL,
    valid_from date NOT NULL,
    counting_kinds public.activity_kind[] NOT NULL,
    outreach_min_participants integer NOT NULL,
    group_min_participants integer NOT NULL,
    group_min_minutes integer NOT NULL,
    course_min_minutes integer NOT NULL,
    require_in_norway boolean NOT NULL,
    description text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    max_minutes_per_activity integer DEFAULT 720 NOT NULL,
    max_minutes_per_mentor_day integer DEFAULT 1440 NOT NULL,
    max_anonymous_participants integer DEFAULT 500 NOT NULL,
    max_known_participants integer DEFAULT 200 NOT NULL,
    logic_version integer NOT NULL,
    CONSTRAINT bufdir_counting_rules_course_min_minutes_check CHECK ((course_min_minutes >= 0)),
    CONSTRAINT bufdir_counting_rules_group_min_minutes_check CHECK ((group_min_minutes >= 0)),
    CONSTRAINT bufdir_counting_rules_group_min_participants_check CHECK ((group_min_participants >= 0)),
    CONSTRAINT bufdir_counting_rules_logic_version_check CHECK (((logic_version >= 1) AND (logic_version <= private.latest_counting_logic()))),
    CONSTRAINT bufdir_counting_rules_max_anonymous_participants_check CHECK (((max_anonymous_participants >= 0) AND (max_anonymous_participants <= 100000))),
    CONSTRAINT bufdir_counting_rules_max_known_participants_check CHECK ((max_known_participants >= 0)),
    CONSTRAINT bufdir_counting_rules_max_minutes_per_activity_check CHECK (((max_minutes_per_activity >= 1) AND (max_minutes_per_activity <= 1440))),
    CONSTRAINT bufdir_counting_rules_max_minutes_per_mentor_day_check CHECK (((max_minutes_per_mentor_day >= 1) AND (max_minutes_per_mentor_day <= 1440))),
    CONSTRAINT bufdir_counting_rules_outreach_min_participants_check CHECK ((outreach_min_participants >= 0)),
    CONSTRAINT bufdir_counting_rules_version_check CHECK ((version ~ '^[0-9]{4}\.[0-9]{1,3}$'::text))
);


--
-- Name: TABLE bufdir_counting_rules; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.bufdir_counting_rules IS 'Versioned Bufdir counting rules. The version in force for a period is the one with the latest valid_from on or before the period''s start. Rows are immutable.';


--
-- Name: COLUMN bufdir_counting_rules.max_minutes_per_activity; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_counting_rules.max_minutes_per_activity IS 'Hard limit: an activity''s duration_minutes above it is refused (22023).';


--
-- Name: COLUMN bufdir_counting_rules.max_minutes_per_mentor_day; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_counting_rules.max_minutes_per_mentor_day IS 'Hard limit: the minutes of all live activities naming one mentor on one day, summed, above it are refused (22023).';


--
-- Name: COLUMN bufdir_counting_rules.max_anonymous_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_counting_rules.max_anonymous_participants IS 'Hard limit: an activity''s anonymous_participants above it is refused (22023).';


--
-- Name: COLUMN bufdir_counting_rules.max_known_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_counting_rules.max_known_participants IS 'Hard limit: an activity with more known participants (contact links) than this is refused (22023).';


--
-- Name: COLUMN bufdir_counting_rules.logic_version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bufdir_counting_rules.logic_version IS 'The counting logic this version''s thresholds are read with: the branch of the rules'' tests (private.ruleN_*) that applies. 1 = the rules as db/fixtures/README.md states them for 2026.1. A change of logic is a new value, with a new rule version; earlier versions keep theirs, so their periods recompute as they were.';


--
-- Name: rules_in_force(date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.rules_in_force(on_date date) RETURNS public.bufdir_counting_rules
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select r.* from public.bufdir_counting_rules r
  where r.valid_from <= rules_in_force.on_date
  order by r.valid_from desc
  limit 1
$$;


--
-- Name: FUNCTION rules_in_force(on_date date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.rules_in_force(on_date date) IS 'The counting rules in force on a date (null when none is).';


--
-- Name: save_metric_snapshot(uuid, date, date, jsonb); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) RETURNS public.bufdir_metric_snapshots
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  generation pg_snapshot;
begin
  perform hidden.check_snapshot_key(org_id => save_metric_snapshot.org_id, period_start => save_metric_snapshot.period_start,
                                    period_end => save_metric_snapshot.period_end);
  if save_metric_snapshot.snapshot_json is null then
    raise exception 'snapshot_json must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => save_metric_snapshot.org_id, roles => '{coordinator,admin}');
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
  return private.store_snapshot(org_id => save_metric_snapshot.org_id, period_start => save_metric_snapshot.period_start,
                                period_end => save_metric_snapshot.period_end, figures => save_metric_snapshot.snapshot_json,
                                generation => coalesce(generation, pg_catalog.pg_current_snapshot()));
end
$_$;


--
-- Name: FUNCTION save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) IS 'The security-definer body of public.save_metric_snapshot, where PostgREST does not expose it; public.save_metric_snapshot (security invoker) calls it. Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';


--
-- Name: set_member_status(uuid, uuid, public.approval_status); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) RETURNS public.membership
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: returns the member's e-mail and name from auth.users; the caller's
-- right over the target's role is checked before the update.
declare
  target public.members;
begin
  if set_member_status.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif set_member_status.user_id is null then
    raise exception 'user_id must not be null' using errcode = '22004';
  elsif set_member_status.approval_status is null then
    raise exception 'approval_status must not be null' using errcode = '22004';
  elsif set_member_status.approval_status = 'pending' then
    raise exception 'approval_status must be approved or revoked (a membership starts pending)' using errcode = '22023';
  end if;
  perform hidden.require_role(org_id => set_member_status.org_id, roles => '{coordinator,admin}');
  if set_member_status.user_id = hidden.request_user_id() then
    raise exception 'permission denied: nobody approves or revokes their own membership' using errcode = '42501';
  end if;
  select m.* into target from public.members m
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
  for no key update;
  if target.user_id is null then
    raise exception 'no member % in organisation %', set_member_status.user_id, set_member_status.org_id using errcode = 'P0002';
  end if;
  if target.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{admin}') o where o = set_member_status.org_id) then
    raise exception 'permission denied: only an admin approves or revokes a % of organisation %', target.role, set_member_status.org_id
      using errcode = '42501';
  end if;
  -- An unchanged status writes nothing, so the figures do not turn stale for it.
  update public.members m set approval_status = set_member_status.approval_status
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
    and m.approval_status is distinct from set_member_status.approval_status;
  return private.membership_of(org_id => set_member_status.org_id, user_id => set_member_status.user_id);
end
$$;


--
-- Name: FUNCTION set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) IS 'The security-definer body of public.set_member_status, where PostgREST does not expose it; public.set_member_status (security invoker) calls it.';


--
-- Name: organisation_review_limits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisation_review_limits (
    org_id uuid NOT NULL,
    max_minutes_per_activity integer,
    max_anonymous_participants integer,
    max_known_participants integer,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid,
    CONSTRAINT organisation_review_limits_max_anonymous_participants_check CHECK (((max_anonymous_participants >= 0) AND (max_anonymous_participants <= 100000))),
    CONSTRAINT organisation_review_limits_max_known_participants_check CHECK ((max_known_participants >= 0)),
    CONSTRAINT organisation_review_limits_max_minutes_per_activity_check CHECK (((max_minutes_per_activity >= 1) AND (max_minutes_per_activity <= 1440)))
);


--
-- Name: TABLE organisation_review_limits; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.organisation_review_limits IS 'Per organisation: soft plausibility limits (null: none). A live activity above any of them is held out of the figures until a coordinator or admin confirms it (confirm_activity). Written by set_review_limits (admins) and the service role.';


--
-- Name: set_review_limits(uuid, integer, integer, integer); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) RETURNS public.organisation_review_limits
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: API roles hold no write privilege on the table; this body checks the
-- caller (an approved admin of the organisation) first.
declare
  result public.organisation_review_limits;
begin
  if set_review_limits.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => set_review_limits.org_id, roles => '{admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: review limits are set by an admin of the organisation' using errcode = '42501';
  end if;
  if set_review_limits.max_minutes_per_activity not between 1 and 1440 then
    raise exception 'max_minutes_per_activity (%) must be between 1 and 1440, or null for no limit',
      set_review_limits.max_minutes_per_activity using errcode = '22023';
  elsif set_review_limits.max_anonymous_participants not between 0 and 100000 then
    raise exception 'max_anonymous_participants (%) must be between 0 and 100000, or null for no limit',
      set_review_limits.max_anonymous_participants using errcode = '22023';
  elsif set_review_limits.max_known_participants < 0 then
    raise exception 'max_known_participants (%) must not be negative, or null for no limit',
      set_review_limits.max_known_participants using errcode = '22023';
  end if;
  insert into public.organisation_review_limits as l
    (org_id, max_minutes_per_activity, max_anonymous_participants, max_known_participants, updated_by)
  values (set_review_limits.org_id, set_review_limits.max_minutes_per_activity,
          set_review_limits.max_anonymous_participants, set_review_limits.max_known_participants,
          hidden.request_user_id())
  on conflict on constraint organisation_review_limits_pkey do update
    set max_minutes_per_activity = excluded.max_minutes_per_activity,
        max_anonymous_participants = excluded.max_anonymous_participants,
        max_known_participants = excluded.max_known_participants,
        updated_by = excluded.updated_by
  returning l.* into result;
  return result;
end
$$;


--
-- Name: FUNCTION set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) IS 'The security-definer body of public.set_review_limits, where PostgREST does not expose it; public.set_review_limits (security invoker) calls it.';


--
-- Name: set_summaries_enabled(uuid, boolean); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.set_summaries_enabled(org_id uuid, enabled boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if set_summaries_enabled.enabled is null then
    raise exception 'enabled must not be null' using errcode = '22004';
  end if;
  if set_summaries_enabled.org_id is null then
    if not hidden.is_service_role_request() then
      raise exception 'permission denied: only the service role switches summaries globally' using errcode = '42501';
    end if;
  else
    perform hidden.require_role(org_id => set_summaries_enabled.org_id, roles => '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$$;


--
-- Name: FUNCTION set_summaries_enabled(org_id uuid, enabled boolean); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.set_summaries_enabled(org_id uuid, enabled boolean) IS 'The security-definer body of public.set_summaries_enabled, where PostgREST does not expose it; public.set_summaries_enabled (security invoker) calls it. Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';


--
-- Name: verify_metric_snapshot(uuid, date, date); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) RETURNS TABLE(figure text, persisted_value jsonb, recomputed_value jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  persisted jsonb;
  persisted_rules text;
begin
  perform hidden.check_snapshot_key(org_id => verify_metric_snapshot.org_id, period_start => verify_metric_snapshot.period_start,
                                    period_end => verify_metric_snapshot.period_end);
  perform hidden.require_role(org_id => verify_metric_snapshot.org_id, roles => '{coordinator,admin}');
  select s.snapshot_json, s.rule_version into persisted, persisted_rules from public.bufdir_metric_snapshots s
  where s.org_id = verify_metric_snapshot.org_id and s.period_start = verify_metric_snapshot.period_start
    and s.period_end = verify_metric_snapshot.period_end;
  if persisted is null then
    raise exception 'no snapshot for organisation % from % to %',
      verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end
      using errcode = 'P0002';
  end if;
  -- Recomputed under the snapshot's own rule version (thresholds and logic): a
  -- later version, in force or not, changes what a new snapshot would say, not
  -- whether this one was computed right.
  return query select * from private.figure_differences(
    persisted => persisted,
    recomputed => private.compute_metrics(
      org_id => verify_metric_snapshot.org_id, period_start => verify_metric_snapshot.period_start,
      period_end => verify_metric_snapshot.period_end, rule_version => persisted_rules));
end
$$;


--
-- Name: FUNCTION verify_metric_snapshot(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) IS 'The security-definer body of public.verify_metric_snapshot, where PostgREST does not expose it; public.verify_metric_snapshot (security invoker) calls it. Recomputes the figures under the snapshot''s own rule version and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';


--
-- Name: activity_sets_by_id(uuid, date[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.activity_sets_by_id(org_id uuid, days date[]) RETURNS TABLE(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    SET enable_hashjoin TO 'on'
    SET enable_hashagg TO 'on'
    SET enable_sort TO 'on'
    SET enable_nestloop TO 'off'
    SET enable_mergejoin TO 'off'
    SET enable_seqscan TO 'off'
    SET enable_bitmapscan TO 'on'
    SET enable_indexscan TO 'on'
    SET enable_indexonlyscan TO 'on'
    SET max_parallel_workers_per_gather TO '0'
    AS $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprint of a set: the sum of its members' hashes, equal for equal sets
  -- whatever their order (the twin test compares the sets themselves).
  with scope as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.municipality_code, a.duration_minutes,
           a.anonymous_participants, a.in_norway, a.created_at, a.review_confirmed_at
    from public.activities a
    where a.org_id = activity_sets_by_id.org_id
      and a.activity_date = any (activity_sets_by_id.days)
      and a.deleted_at is null
  )
  select s.id, s.activity_date, s.kind, s.registration_path, coalesce(left(s.municipality_code, 2), 'unknown'),
         s.duration_minutes, s.anonymous_participants, s.in_norway, s.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         s.review_confirmed_at
  from scope s
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(pg_catalog.uuid_hash(am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_by_id.org_id and am.activity_id = any (array(select s.id from scope s))
    group by am.activity_id
  ) m on m.activity_id = s.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(pg_catalog.uuid_hash(ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_by_id.org_id and ap.activity_id = any (array(select s.id from scope s))
    group by ap.activity_id
  ) c on c.activity_id = s.id
$$;


--
-- Name: FUNCTION activity_sets_by_id(org_id uuid, days date[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.activity_sets_by_id(org_id uuid, days date[]) IS 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, looking their links up by id (for days holding a small share of the organisation).';


--
-- Name: activity_sets_in_key_order(uuid, date[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.activity_sets_in_key_order(org_id uuid, days date[]) RETURNS TABLE(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    SET enable_hashjoin TO 'off'
    SET enable_nestloop TO 'off'
    SET enable_mergejoin TO 'on'
    SET enable_hashagg TO 'off'
    SET enable_sort TO 'off'
    SET enable_seqscan TO 'off'
    SET enable_bitmapscan TO 'off'
    SET enable_indexscan TO 'on'
    SET enable_indexonlyscan TO 'on'
    SET max_parallel_workers_per_gather TO '0'
    AS $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprint of a set: the sum of its members' hashes, equal for equal sets
  -- whatever their order (the twin test compares the sets themselves).
  select a.id, a.activity_date, a.kind, a.registration_path, coalesce(left(a.municipality_code, 2), 'unknown'),
         a.duration_minutes, a.anonymous_participants, a.in_norway, a.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         a.review_confirmed_at
  from public.activities a
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(pg_catalog.uuid_hash(am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_in_key_order.org_id
    group by am.activity_id
  ) m on m.activity_id = a.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(pg_catalog.uuid_hash(ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_in_key_order.org_id
    group by ap.activity_id
  ) c on c.activity_id = a.id
  where a.org_id = activity_sets_in_key_order.org_id
    -- Contiguous days are one range: a binary search per activity, not a scan of the array.
    and a.activity_date <@ (select private.days_as_multirange(days => activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;


--
-- Name: FUNCTION activity_sets_in_key_order(org_id uuid, days date[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.activity_sets_in_key_order(org_id uuid, days date[]) IS 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, reading the organisation''s activities and links in key order (for days holding much of the organisation).';


--
-- Name: add_day_changes(uuid[], date[], integer[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.add_day_changes(org_ids uuid[], days date[], deltas integer[]) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  insert into private.activity_day_stats as s (org_id, day, live_activities, last_change_xid, last_change_seq)
  select c.org_id, c.day, sum(c.delta), pg_catalog.pg_current_xact_id(), pg_catalog.nextval('private.change_seq')
  from unnest(add_day_changes.org_ids, add_day_changes.days, add_day_changes.deltas) c(org_id, day, delta)
  where c.org_id is not null
  group by c.org_id, c.day
  order by c.org_id, c.day
  on conflict (org_id, day) do update
    set live_activities = s.live_activities + excluded.live_activities,
        last_change_xid = excluded.last_change_xid,
        last_change_seq = excluded.last_change_seq
$$;


--
-- Name: FUNCTION add_day_changes(org_ids uuid[], days date[], deltas integer[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.add_day_changes(org_ids uuid[], days date[], deltas integer[]) IS 'Adds live-activity deltas per (organisation, day) and marks those days as changed by the current transaction.';


--
-- Name: aggregate_figures(uuid, date, date, boolean, uuid[], text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text DEFAULT NULL::text) RETURNS TABLE(mentor_id uuid, figures jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET enable_seqscan TO 'off'
    SET enable_sort TO 'off'
    AS $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
declare
  -- The rules the period is read under: those in force on its start, or the
  -- version asked for (a snapshot's own, to recompute it as it was made).
  rules public.bufdir_counting_rules := case
    when aggregate_figures.rule_version is null then hidden.rules_in_force(on_date => aggregate_figures.period_start)
    else (select r from public.bufdir_counting_rules r where r.version = aggregate_figures.rule_version) end;
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null and aggregate_figures.rule_version is not null then
    raise exception 'no counting rules of version %', aggregate_figures.rule_version using errcode = 'P0002';
  elsif rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;

  if not aggregate_figures.every_mentor and cardinality(aggregate_figures.mentor_ids) = 0 then
    -- The organisation alone: stored partials for the fresh days, a new
    -- classification for the stale ones.
    stale := private.stale_days(org_id => aggregate_figures.org_id, period_start => aggregate_figures.period_start,
                                period_end => aggregate_figures.period_end, rule_version => rules.version);
    -- The days whose stored partials (and with them the contacts' and mentors'
    -- days) hold: stored and not stale.
    fresh_days := private.days_as_multirange(days => array(
      select p.day from private.day_partials p
      where p.org_id = aggregate_figures.org_id and p.day between aggregate_figures.period_start and aggregate_figures.period_end
        and p.day <> all (stale)));
    with parts as materialized (
      select * from private.figure_parts(org_id => aggregate_figures.org_id, days => stale, rules => rules,
                                       every_mentor => false, mentor_ids => '{}', by_day => false)
    )
    select
      (select array_agg(x) from (
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county, sum(c.activity_days), sum(c.activities),
                    sum(c.duplicates), sum(c.participations), bool_or(c.lower_bound), sum(c.minutes), null)::private.figure_cell as x
         from private.day_cells c
         where c.org_id = aggregate_figures.org_id and c.day between aggregate_figures.period_start and aggregate_figures.period_end
           and c.day <> all (stale)
         group by date_trunc('month', c.day), c.kind, c.path, c.county
         union all
         select row(null::uuid, date_trunc('month', l.day)::date, null, null, null, 0, sum(l.entries), 0, 0, false, 0,
                    l.reason)::private.figure_cell
         from private.day_left_out l
         where l.org_id = aggregate_figures.org_id and l.day between aggregate_figures.period_start and aggregate_figures.period_end
           and l.day <> all (stale)
         group by date_trunc('month', l.day), l.reason
         union all
         select row(null::uuid, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                    p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell
         from parts p
         where p.part = 'cell') u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one row per contact and mentor seen on a fresh day,
        -- and the stale days' ones, hashed.
        (select count(*) from (
           select d.contact_id from private.contact_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'contact') u),
        (select count(*) from (
           select d.mentor_id from private.mentor_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'mentor') u)))
    into cells, distinct_counts;
    return query select * from private.figure_documents(
      rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
      cells => coalesce(cells, '{}'), distinct_counts => distinct_counts, scopes => array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with parts as materialized (
    select * from private.figure_parts(
      org_id => aggregate_figures.org_id,
      days => array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules => rules, every_mentor => aggregate_figures.every_mentor, mentor_ids => aggregate_figures.mentor_ids, by_day => false)
  )
  select
    (select array_agg(row(p.scope, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                          p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell)
     from parts p where p.part = 'cell'),
    (select jsonb_object_agg(coalesce(u.scope::text, 'organisation'), jsonb_build_array(u.contacts, u.mentors))
     from (select p.scope, coalesce(sum(p.members) filter (where p.part = 'contact'), 0)::bigint as contacts,
                  coalesce(sum(p.members) filter (where p.part = 'mentor'), 0)::bigint as mentors
           from parts p
           where p.part <> 'cell'
           group by p.scope) u),
    array(select null::uuid
          union
          select unnest(aggregate_figures.mentor_ids)
          union
          select p.scope from parts p where p.scope is not null
          order by 1 nulls first)
  into cells, distinct_counts, scopes;
  return query select * from private.figure_documents(
    rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
    cells => coalesce(cells, '{}'), distinct_counts => coalesce(distinct_counts, '{}'), scopes => scopes);
end
$$;


--
-- Name: FUNCTION aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text) IS 'The aggregation: the organisation''s figures (mentor_id null) from its day partials (cells and entries left out) where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run, under the rules in force on period_start or, given rule_version, under that version (its thresholds and its logic). PII-free by construction.';


--
-- Name: announce_summary_push(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.announce_summary_push() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform pg_catalog.pg_notify('periodic_summaries', pg_catalog.jsonb_build_object('outbox_id', q.id)::text)
  from (select n.id from queued n order by n.id) q;
  return null;
end
$$;


--
-- Name: FUNCTION announce_summary_push(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.announce_summary_push() IS 'Statement trigger on summary_push_outbox: announces each queued row on channel periodic_summaries by its id alone.';


--
-- Name: await_summary_writers(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.await_summary_writers(org_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '1s'
    AS $$
begin
  if not exists (select from private.summary_horizons h where h.org_id = await_summary_writers.org_id) then
    insert into private.summary_horizons (org_id) values (await_summary_writers.org_id)
    on conflict on constraint summary_horizons_pkey do nothing;
  end if;
  perform from private.summary_horizons h where h.org_id = await_summary_writers.org_id for update;
  return true;
exception when lock_not_available then
  return false;
end
$$;


--
-- Name: FUNCTION await_summary_writers(org_id uuid); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.await_summary_writers(org_id uuid) IS 'Takes the organisation''s sync horizon exclusively until the transaction ends: true once every writer of its summary changes has ended (none can start meanwhile), false when one is still running after 1 s.';


--
-- Name: check_activity_limits(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_activity_limits() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: the known-participant count of a restored entry counts every link,
-- also those the caller cannot read.
declare
  ids uuid[];
  org_ids uuid[];
  days date[];
  minutes integer[];
  anonymous integer[];
  minutes_grew boolean[];
  anonymous_grew boolean[];
  restored boolean[];
  bad record;
begin
  -- Each branch names only the transition tables its event has. Only live rows
  -- whose checked values are new or larger can break a limit.
  if tg_op = 'INSERT' then
    select array_agg(n.id), array_agg(n.org_id), array_agg(n.activity_date), array_agg(n.duration_minutes),
           array_agg(n.anonymous_participants), array_agg(true), array_agg(true), array_agg(false)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from new_rows n
    where n.deleted_at is null;
  else
    select array_agg(c.id), array_agg(c.org_id), array_agg(c.activity_date), array_agg(c.duration_minutes),
           array_agg(c.anonymous_participants), array_agg(c.is_new or c.duration_minutes > c.old_minutes),
           array_agg(c.is_new or c.anonymous_participants > c.old_anonymous), array_agg(c.is_new)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from (
      select n.id, n.org_id, n.activity_date, n.duration_minutes, n.anonymous_participants,
             o.id is null or o.deleted_at is not null as is_new,
             o.duration_minutes as old_minutes, o.anonymous_participants as old_anonymous
      from new_rows n
      left join old_rows o on o.org_id = n.org_id and o.id = n.id
      where n.deleted_at is null
    ) c
    where c.is_new or c.duration_minutes > c.old_minutes or c.anonymous_participants > c.old_anonymous;
  end if;
  if ids is null then
    return null;
  end if;
  with changed as (
    select * from unnest(ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored)
      c(id, org_id, day, minutes, anonymous, minutes_grew, anonymous_grew, restored)
  ), rules as materialized (
    select d.day, r.version, r.max_minutes_per_activity, r.max_anonymous_participants, r.max_known_participants
    from (select distinct c.day from changed c) d
    cross join lateral hidden.rules_in_force(on_date => d.day) r
  ), verdicts as (
    select c.id, c.minutes, c.anonymous, r.version, r.max_minutes_per_activity, r.max_anonymous_participants,
           r.max_known_participants,
           c.minutes_grew and c.minutes > r.max_minutes_per_activity as too_long,
           c.anonymous_grew and c.anonymous > r.max_anonymous_participants as too_many_anonymous,
           c.restored and (select pg_catalog.count(*) from public.activity_participants ap
                           where ap.org_id = c.org_id and ap.activity_id = c.id) > r.max_known_participants as too_many_known
    from changed c
    join rules r on r.day = c.day
  )
  select * into bad from verdicts v
  where v.too_long or v.too_many_anonymous or v.too_many_known
  limit 1;
  if bad.too_long then
    raise exception 'duration_minutes (%) exceeds the limit of % minutes per activity (max_minutes_per_activity, rules %)',
      bad.minutes, bad.max_minutes_per_activity, bad.version using errcode = '22023';
  elsif bad.too_many_anonymous then
    raise exception 'anonymous_participants (%) exceeds the limit of % per activity (max_anonymous_participants, rules %)',
      bad.anonymous, bad.max_anonymous_participants, bad.version using errcode = '22023';
  elsif bad.too_many_known then
    raise exception 'activity % has more known participants than the limit of % (max_known_participants, rules %): it cannot be restored',
      bad.id, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION check_activity_limits(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.check_activity_limits() IS 'Statement trigger on activities (insert, update): refuses (22023) a live entry whose minutes or anonymous participants exceed the limits of the rules in force on its date, when the entry is new, restored, or the value grew; a restored entry is also held to the known-participant limit.';


--
-- Name: check_known_participant_limit(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_known_participant_limit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: counts every link of the activity, also those the caller cannot read,
-- and locks the activity row as its owner.
declare
  bad record;
begin
  -- Serialise concurrent link writers of one activity: the count below is then
  -- taken after the other writer committed.
  perform from public.activities a
  where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
    and a.deleted_at is null
  order by a.org_id, a.id
  for no key update;
  with touched as (
    select a.org_id, a.id, a.activity_date
    from public.activities a
    where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
      and a.deleted_at is null
  ), days as materialized (
    select d.day, r.version, r.max_known_participants
    from (select distinct t.activity_date as day from touched t) d
    cross join lateral hidden.rules_in_force(on_date => d.day) r
  ), known as (
    -- One grouped count over the touched activities' links (an index range each
    -- for a few, one hashed pass for a bulk load).
    select ap.org_id, ap.activity_id, pg_catalog.count(*) as known
    from public.activity_participants ap
    where (ap.org_id, ap.activity_id) in (select t.org_id, t.id from touched t)
    group by ap.org_id, ap.activity_id
  )
  select t.id, d.version, d.max_known_participants, k.known
  into bad
  from touched t
  join days d on d.day = t.activity_date
  join known k on k.org_id = t.org_id and k.activity_id = t.id
  where k.known > d.max_known_participants
  limit 1;
  if bad.id is not null then
    raise exception 'activity % would have % known participants, more than the limit of % (max_known_participants, rules %)',
      bad.id, bad.known, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION check_known_participant_limit(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.check_known_participant_limit() IS 'Statement trigger on activity_participants (insert): refuses (22023) links that give a live activity more known participants than the rules in force on its date allow.';


--
-- Name: check_mentor_day_changes(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_mentor_day_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: reads every mentor link of the changed activities.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(am.org_id), array_agg(am.mentor_id), array_agg(c.activity_date)
  into org_ids, mentor_ids, days
  from (
    select n.org_id, n.id, n.activity_date
    from new_rows n
    left join old_rows o on o.org_id = n.org_id and o.id = n.id
    where n.deleted_at is null
      and (o.id is null or o.deleted_at is not null or o.activity_date <> n.activity_date
           or n.duration_minutes > o.duration_minutes)
  ) c
  join public.activity_mentors am on am.org_id = c.org_id and am.activity_id = c.id;
  perform private.check_mentor_days(org_ids => org_ids, mentor_ids => mentor_ids, days => days);
  return null;
end
$$;


--
-- Name: FUNCTION check_mentor_day_changes(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.check_mentor_day_changes() IS 'Statement trigger on activities (update): an entry moved, lengthened or restored must keep each of its mentors within their mentor-day limit (private.check_mentor_days); other updates are not checked.';


--
-- Name: check_mentor_day_links(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_mentor_day_links() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: reads the linked activities whether or not the caller may read them.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(n.org_id), array_agg(n.mentor_id), array_agg(a.activity_date)
  into org_ids, mentor_ids, days
  from (select distinct n.org_id, n.activity_id, n.mentor_id from new_rows n) n
  join public.activities a on a.org_id = n.org_id and a.id = n.activity_id
  where a.deleted_at is null;
  perform private.check_mentor_days(org_ids => org_ids, mentor_ids => mentor_ids, days => days);
  return null;
end
$$;


--
-- Name: FUNCTION check_mentor_day_links(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.check_mentor_day_links() IS 'Statement trigger on activity_mentors (insert): the mentors named anew must stay within their mentor-day limit (private.check_mentor_days).';


--
-- Name: check_mentor_days(uuid[], uuid[], date[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
-- Definer: sums every live activity naming the mentor, also those the caller
-- cannot read, and takes the private per-mentor lock. Planner settings:
-- measured (db/README.md, "Measured and tuned").
declare
  bad record;
begin
  if org_ids is null then
    return;
  end if;
  perform private.lock_mentors(org_ids => org_ids, mentor_ids => mentor_ids);
  -- After the lock, in a statement of its own: its snapshot sees what the
  -- writers we waited for committed. A few mentor-days (a registration, an
  -- edit) are summed one by one, each an index lookup of the organisation's
  -- entries that day or of the mentor's links, whichever the planner finds
  -- smaller; a bulk load sums all touched mentor-days in one grouped join.
  if pg_catalog.cardinality(org_ids) <= 1000 then
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(on_date => d.day) r
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    cross join lateral (
      select pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where am.org_id = t.org_id and am.mentor_id = t.mentor_id
        and a.activity_date = t.day and a.deleted_at is null
    ) s
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  else
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(on_date => d.day) r
    ), sums as (
      select am.org_id, am.mentor_id, a.activity_date as day, pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where a.deleted_at is null
        and (am.org_id, am.mentor_id) in (select distinct t.org_id, t.mentor_id from touched t)
        and a.activity_date in (select r.day from rules r)
      group by am.org_id, am.mentor_id, a.activity_date
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    join sums s on s.org_id = t.org_id and s.mentor_id = t.mentor_id and s.day = t.day
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  end if;
  if bad.mentor_id is not null then
    raise exception 'mentor % would have % minutes of activities on %, more than the limit of % per mentor-day (max_minutes_per_mentor_day, rules %)',
      bad.mentor_id, bad.minutes, bad.day, bad.max_minutes_per_mentor_day, bad.version using errcode = '22023';
  end if;
end
$$;


--
-- Name: FUNCTION check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) IS 'Under the private per-(organisation, mentor) lock, refuses (22023) when any of the given (organisation, mentor, day) triples has live activities summing to more minutes than the rules in force that day allow (max_minutes_per_mentor_day). Called by the mentor-day triggers.';


--
-- Name: clear_review_confirmation(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.clear_review_confirmation() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: clears the confirmation as the table owner, whoever changed the links.
begin
  -- Driven by the few confirmed entries (a partial index), not by the links:
  -- a bulk load of links costs one probe of an almost empty index.
  if tg_op = 'INSERT' then
    update public.activities a
    set review_confirmed_at = null, review_confirmed_by = null
    where a.review_confirmed_at is not null
      and exists (select from new_rows n where n.org_id = a.org_id and n.activity_id = a.id);
  else
    update public.activities a
    set review_confirmed_at = null, review_confirmed_by = null
    where a.review_confirmed_at is not null
      and exists (select from old_rows o where o.org_id = a.org_id and o.activity_id = a.id);
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION clear_review_confirmation(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.clear_review_confirmation() IS 'Statement trigger on activity_participants (insert, delete): clears the review confirmation of every activity whose participants changed.';


--
-- Name: compute_metrics(uuid, date, date, uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid DEFAULT NULL::uuid, rule_version text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select f.figures
  from private.aggregate_figures(
    org_id => compute_metrics.org_id, period_start => compute_metrics.period_start, period_end => compute_metrics.period_end,
    every_mentor => false,
    mentor_ids => case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end,
    rule_version => compute_metrics.rule_version) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;


--
-- Name: FUNCTION compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid, rule_version text); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid, rule_version text) IS 'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures), under the rules in force on period_start or the given rule_version. PII-free by construction.';


--
-- Name: create_day_partial_lock(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.create_day_partial_lock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
-- Definer: whoever creates the organisation, the row belongs to the owner's private table.
begin
  insert into private.day_partial_locks (org_id)
  select n.id from new_rows n order by n.id
  on conflict on constraint day_partial_locks_pkey do nothing;
  return null;
end
$$;


--
-- Name: FUNCTION create_day_partial_lock(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.create_day_partial_lock() IS 'Statement trigger on organisations: makes each new organisation''s day-partials lock row.';


--
-- Name: create_summary_horizon(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.create_summary_horizon() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into private.summary_horizons (org_id)
  select n.id from new_rows n order by n.id
  on conflict on constraint summary_horizons_pkey do nothing;
  return null;
end
$$;


--
-- Name: FUNCTION create_summary_horizon(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.create_summary_horizon() IS 'Statement trigger on organisations: makes each new organisation''s sync-horizon row.';


--
-- Name: days_as_multirange(date[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.days_as_multirange(days date[]) RETURNS datemultirange
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce(range_agg(daterange(d, d, '[]')), '{}'::datemultirange) from unnest(days_as_multirange.days) d
$$;


--
-- Name: FUNCTION days_as_multirange(days date[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.days_as_multirange(days date[]) IS 'A set of days as a multirange (empty for none).';


--
-- Name: exceeded_review_limits(public.organisation_review_limits, integer, integer, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.exceeded_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) RETURNS public.review_limit[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select array_remove(array[
    case when exceeded_review_limits.minutes > (exceeded_review_limits.limits).max_minutes_per_activity
         then 'minutes_per_activity'::public.review_limit end,
    case when exceeded_review_limits.anonymous > (exceeded_review_limits.limits).max_anonymous_participants
         then 'anonymous_participants'::public.review_limit end,
    case when exceeded_review_limits.known_participants > (exceeded_review_limits.limits).max_known_participants
         then 'known_participants'::public.review_limit end], null)
$$;


--
-- Name: FUNCTION exceeded_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.exceeded_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) IS 'The review limits an activity''s values exceed, in enum order (empty when none); non-empty exactly when private.exceeds_review_limits is true.';


--
-- Name: exceeds_review_limits(public.organisation_review_limits, integer, integer, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce(exceeds_review_limits.minutes > (exceeds_review_limits.limits).max_minutes_per_activity, false)
      or coalesce(exceeds_review_limits.anonymous > (exceeds_review_limits.limits).max_anonymous_participants, false)
      or coalesce(exceeds_review_limits.known_participants > (exceeds_review_limits.limits).max_known_participants, false)
$$;


--
-- Name: FUNCTION exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) IS 'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null. Its pinned search_path keeps PostgreSQL from inlining it: a query over many activities writes the same three coalesce(value > limit, false) terms inline, with the limits read once (private.review_limits_of).';


--
-- Name: figure_differences(jsonb, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.figure_differences(persisted jsonb, recomputed jsonb) RETURNS TABLE(figure text, persisted_value jsonb, recomputed_value jsonb)
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with documents(side, doc) as (
    values ('p', figure_differences.persisted - 'computed_in'), ('r', figure_differences.recomputed - 'computed_in')
  ), leaves as (
    select d.side, top.key || coalesce('.' || inner_.key, '') as figure, coalesce(inner_.value, top.value) as value
    from documents d
    cross join lateral jsonb_each(d.doc) top
    left join lateral jsonb_each(case when jsonb_typeof(top.value) = 'object' then top.value end) inner_ on true
    where jsonb_typeof(top.value) <> 'object' or inner_.key is not null
  )
  select coalesce(p.figure, r.figure), p.value, r.value
  from (select * from leaves where side = 'p') p
  full join (select * from leaves where side = 'r') r on r.figure = p.figure
  where p.value is distinct from r.value
  order by 1
$$;


--
-- Name: FUNCTION figure_differences(persisted jsonb, recomputed jsonb); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.figure_differences(persisted jsonb, recomputed jsonb) IS 'Compares two figure documents leaf by leaf; returns only the leaves that differ.';


--
-- Name: figure_documents(public.bufdir_counting_rules, date, date, private.figure_cell[], jsonb, uuid[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]) RETURNS TABLE(mentor_id uuid, figures jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  computed_in text := pg_catalog.pg_current_snapshot()::text;
  zero_days_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(figure_documents.rules.counting_kinds) k);
  zero_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(enum_range(null::public.activity_kind)) k);
  zero_by_path jsonb := (select jsonb_object_agg(p, 0) from unnest(enum_range(null::public.registration_path)) p);
  zero_by_reason jsonb := (select jsonb_object_agg(r, 0) from unnest(enum_range(null::public.left_out_reason)) r);
  zero_by_month jsonb := (select jsonb_object_agg(to_char(m, 'YYYY-MM'), 0)
                          from generate_series(date_trunc('month', figure_documents.period_start::timestamp),
                                               figure_documents.period_end::timestamp, interval '1 month') m);
  result record;
begin
  for result in
  with grouped as (
    select c.scope,
      case when grouping(c.kind) = 0 then 'kind' when grouping(c.path) = 0 then 'path'
           when grouping(c.month) = 0 then 'month' when grouping(c.county) = 0 then 'county' else 'total' end as dimension,
      coalesce(c.kind::text, c.path::text, c.month, c.county) as key,
      sum(c.activity_days) as activity_days, sum(c.activities) as activities, sum(c.duplicates) as duplicates,
      sum(c.participations) as participations, bool_or(c.lower_bound) as lower_bound, sum(c.minutes) as minutes
    from (select u.*, to_char(u.day, 'YYYY-MM') as month from unnest(figure_documents.cells) u where u.left_out is null) c
    group by grouping sets ((c.scope), (c.scope, c.kind), (c.scope, c.path), (c.scope, c.month), (c.scope, c.county))
  ), documents as (
    select g.scope,
      max(g.activity_days) filter (where g.dimension = 'total') as activity_days,
      max(g.activities) filter (where g.dimension = 'total') as activities,
      max(g.duplicates) filter (where g.dimension = 'total') as duplicates,
      max(g.participations) filter (where g.dimension = 'total') as participations,
      bool_or(g.lower_bound) filter (where g.dimension = 'total') as lower_bound,
      max(g.minutes) filter (where g.dimension = 'total') as minutes,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'kind' and g.key = any (figure_documents.rules.counting_kinds::text[])) as days_by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'kind' and g.activities > 0) as by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'path' and g.activities > 0) as by_path,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'month' and g.activity_days > 0) as days_by_month,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'county' and g.activity_days > 0) as days_by_county
    from grouped g
    group by g.scope
  ), left_out as (
    -- Entries left out of every figure, per reason.
    select l.scope, jsonb_object_agg(l.reason, l.entries) as by_reason
    from (select u.scope, u.left_out as reason, sum(u.activities) as entries
          from unnest(figure_documents.cells) u where u.left_out is not null
          group by u.scope, u.left_out) l
    group by l.scope
  )
  select sc.scope, jsonb_build_object(
    'shape_version', 2,
    'rule_version', figure_documents.rules.version,
    'computed_in', computed_in,
    'period', jsonb_build_object('start', figure_documents.period_start, 'end', figure_documents.period_end),
    'totals', jsonb_build_object(
      'activity_days', coalesce(d.activity_days, 0),
      'activities_total', coalesce(d.activities, 0),
      'activities_non_counting', coalesce(d.activities - d.activity_days, 0),
      'proxy_duplicates_merged', coalesce(d.duplicates, 0),
      'participations', coalesce(d.participations, 0),
      'unique_participants', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 0)::bigint, 0),
      'unique_participants_is_lower_bound', coalesce(d.lower_bound, false),
      'minutes_total', coalesce(d.minutes, 0),
      'active_mentors', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 1)::bigint, 0)),
    'activity_days_by_kind', zero_days_by_kind || coalesce(d.days_by_kind, '{}'),
    'activities_by_kind', zero_by_kind || coalesce(d.by_kind, '{}'),
    'activities_by_path', zero_by_path || coalesce(d.by_path, '{}'),
    'activity_days_by_month', zero_by_month || coalesce(d.days_by_month, '{}'),
    'activity_days_by_county', coalesce(d.days_by_county, '{}'),
    'entries_left_out_by_reason', zero_by_reason || coalesce(l.by_reason, '{}')) as figures
  from unnest(figure_documents.scopes) sc(scope)
  left join documents d on d.scope is not distinct from sc.scope
  left join left_out l on l.scope is not distinct from sc.scope
  loop
    -- JSON clients read numbers as doubles: refuse rather than round.
    if jsonb_path_exists(result.figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
      raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
    end if;
    mentor_id := result.scope;
    figures := result.figures;
    return next;
  end loop;
end
$_$;


--
-- Name: FUNCTION figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]) IS 'Builds the figure document of each scope (null: the organisation) from additive cells (those with left_out set count the entries left out, per reason) and {scope: [unique participants, active mentors]}.';


--
-- Name: figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean, boolean); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean DEFAULT false) RETURNS TABLE(scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text, left_out public.left_out_reason, activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint, member uuid, member_days datemultirange, members bigint, entry uuid, verdict public.entry_verdict, merged_into uuid)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    SET enable_hashjoin TO 'on'
    SET enable_nestloop TO 'off'
    SET enable_mergejoin TO 'off'
    SET enable_hashagg TO 'on'
    SET enable_sort TO 'off'
    SET enable_seqscan TO 'on'
    SET enable_bitmapscan TO 'on'
    SET enable_indexscan TO 'on'
    SET max_parallel_workers_per_gather TO '0'
    SET work_mem TO '16MB'
    AS $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Steps are
  -- named by the counting rule they apply (db/src/private/figure_parts.sql maps
  -- each rule to its steps and tests).
  with links_by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), rule4_active_days as (
    -- Rule 4: the days (of those asked for) each mentor counts.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
      -- Rule 4's test for a mentor: approved, on a day of an active period (the
      -- series is the period's days among those asked for; an open one has no end).
      and mem.approval_status = 'approved'
  ), rule1_entries as not materialized (
    -- Rule 1: the live activities of the days with their sets, and the
    -- organisation's review limits (read once, an init plan). Rule 6's
    -- participants of an entry: its known contacts and its anonymous head count
    -- (rule 3's thresholds count the same).
    select u.*, cardinality(u.contacts) + u.anonymous as participants,
           (select private.review_limits_of(org_id => figure_parts.org_id)) as limits
    from (
      select * from private.activity_sets_by_id(org_id => figure_parts.org_id, days => figure_parts.days)
      where (select b.chosen from links_by_id b)
      union all
      select * from private.activity_sets_in_key_order(org_id => figure_parts.org_id, days => figure_parts.days)
      where not (select b.chosen from links_by_id b)
    ) u
  ), rule4_scope as materialized (
    -- Rule 4: each activity with the reason it is left out of every figure, if
    -- any: none of its mentors active on its date, then held for review.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.participants, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
           case
             -- Rule 4's test for an entry: left out when no mentor of it is
             -- active on its date. Each lookup is a hash table made once for the
             -- step; one or two mentors (nearly every entry) need no subquery per
             -- entry. (A lookup in a subquery's WHERE would become a join, made
             -- again for every entry.)
             when not case cardinality(s.mentors)
                        when 0 then false
                        when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                        when 2 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                                 or (s.mentors[2], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                        else (select bool_or((m.mentor_id, s.day) in (select e.mentor_id, e.day from rule4_active_days e))
                              from unnest(s.mentors) m(mentor_id))
                      end
               then 'no_active_mentor'::public.left_out_reason
             -- Then held for review: above a review limit that is set (null:
             -- no limit), and not confirmed.
             when s.review_confirmed_at is null
                  and (coalesce(s.minutes > (s.limits).max_minutes_per_activity, false)
                       or coalesce(s.anonymous > (s.limits).max_anonymous_participants, false)
                       or coalesce(cardinality(s.contacts) > (s.limits).max_known_participants, false))
               then 'held_for_review'::public.left_out_reason
           end as left_out
    from rule1_entries s
  ), rule2_proxies as materialized (
    -- Rule 2 merges only proxy entries in scope (not left out by rule 4), usually
    -- a small share; bulk entries never merge.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from rule4_scope p
    where p.path = 'proxy' and p.left_out is null
  ), rule2_twin_candidates as materialized (
    -- The entries a proxy twin merges into: direct ones in scope. Those agreeing
    -- with a proxy entry on every value rule 2 compares and the set fingerprints:
    -- a prefilter the twin test implies (hashed lookups, the first of one column).
    select d.id, d.created_at, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from rule4_scope d
    where case when d.path = 'direct' and d.left_out is null
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from rule2_proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from rule2_proxies p)
            else false end
  ), rule2_duplicates as materialized (
    -- Rule 2's test: a proxy entry is a twin of a direct one when they agree on
    -- the date, the kind, every value a figure reads, and the sets of mentors
    -- and contacts (compared as sets: an activity lists a mentor or a contact
    -- once). Each proxy twin with the direct entry it merges into.
    select p.id, p.created_at, t.id as direct_id, t.created_at as direct_created_at
    from rule2_proxies p
    join rule2_twin_candidates t
      on t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
     and p.day = t.day and p.kind = t.kind and p.county = t.county and p.minutes = t.minutes
     and p.anonymous = t.anonymous and p.in_norway = t.in_norway
     and cardinality(p.mentors) = cardinality(t.mentors) and p.mentors <@ t.mentors
     and cardinality(p.contacts) = cardinality(t.contacts) and p.contacts <@ t.contacts
  ), rule2_places as materialized (
    -- Rule 2's order: a direct entry with merged twins takes, for rule 5, the
    -- place of the earliest registration among itself and them (created_at,
    -- then id).
    select distinct on (x.direct_id) x.direct_id, x.created_at, x.id
    from (select d.direct_id, d.created_at, d.id from rule2_duplicates d
          union all
          select d.direct_id, d.direct_created_at, d.direct_id from rule2_duplicates d) x
    order by x.direct_id, x.created_at, x.id
  ), rule3_qualifying as not materialized (
    -- With rule 2's mark: a merged proxy twin (only proxy entries are looked up).
    -- Rule 3's test: what is wrong with the entry's kind, place or size under
    -- the rules' thresholds, the first that applies (null: it qualifies); rule
    -- 5 counts only entries it passes, and a verdict names it.
    select a.*,
      case when a.path = 'proxy' then a.id in (select d.id from rule2_duplicates d) else false end as is_duplicate,
      case
        when not a.kind = any ((figure_parts.rules).counting_kinds) then 'kind_not_counted'::public.entry_verdict
        when not (a.in_norway or not (figure_parts.rules).require_in_norway) then 'abroad'::public.entry_verdict
        when a.kind = 'in_person_outreach' and a.participants < (figure_parts.rules).outreach_min_participants
          then 'too_few_participants'::public.entry_verdict
        when a.kind = 'group_meeting' and a.participants < (figure_parts.rules).group_min_participants
          then 'too_few_participants'::public.entry_verdict
        when a.kind = 'group_meeting' and a.minutes < (figure_parts.rules).group_min_minutes then 'too_short'::public.entry_verdict
        when a.kind = 'mentor_course' and a.minutes < (figure_parts.rules).course_min_minutes then 'too_short'::public.entry_verdict
      end as fails_rule_3
    from rule4_scope a
  ), rule5_mentor_entries as (
    -- Rule 5's entries: those in scope, not merged, qualifying; one row per
    -- active mentor, with the entry's place in registration order (rule 2).
    -- Arrays are unnested in select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             coalesce(m.created_at, q.created_at) as order_at, coalesce(m.id, q.id) as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from rule3_qualifying q
      left join rule2_places m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null and q.fails_rule_3 is null
    ) l
    -- An activity in scope with one mentor has them active (rule 4); others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from rule4_active_days e)
  ), rule5_ranked as materialized (
    -- Rule 5, per active mentor and day: the entries numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from rule5_mentor_entries l
  ), rule5_first_mentions as (
    -- The entries that are the first of the mentor's day to name a contact: the
    -- least number per (mentor, day, contact), hashed (the lookup below hashes
    -- the repeats away); the first of the day needs no lookup.
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from rule5_ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), rule5_verdicts as materialized (
    -- Rule 5's test, per active mentor and day in registration order: an entry
    -- is new for the mentor when it is their first of the day or the first to
    -- name one of its known contacts (anonymous head counts never make it new).
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           r.rank = 1 or (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from rule5_first_mentions n) as new
    from rule5_ranked r
  ), rule5_counting as not materialized (
    -- Rule 5: an entry counts when it is new for at least one of its active
    -- mentors: a single mentor's (active, so no arrays), and the co-mentored
    -- ones with their mentors and active mentors.
    select v.id, v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from rule5_verdicts v
    where v.one_mentor and v.new
    union all
    select v.id, min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from rule5_verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), rule7_mentor_entries as not materialized (
    -- Rule 7: each wanted mentor's entries (every mentor's, or those of the
    -- mentors named), classified as for the organisation.
    select m.*
    from (select unnest(a.mentors) as scope, a.* from rule3_qualifying a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  ), rule7_mentor_counting as not materialized (
    -- Rule 7: each wanted mentor's counting entries (wanted as above).
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from rule5_counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  )
  -- Rule 6, cells: grouped by day first, then by month when asked (a few
  -- thousand rows). Entries left out make cells of their own, keyed by the
  -- reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint,
         null::uuid, null::public.entry_verdict, null::uuid
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(s.participants) filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.participants, a.anonymous, a.minutes
          from rule3_qualifying a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.participants, m.anonymous, m.minutes
          from rule7_mentor_entries m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from rule3_qualifying a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from rule7_mentor_entries m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.day, c.kind, c.path, c.county from rule5_counting c
          union all
          select m.scope, m.day, m.kind, m.path, m.county from rule7_mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- Rule 6: the organisation's contacts (those of entries neither merged nor
  -- left out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1, null, null, null
  from (select a.day, unnest(a.contacts) as contact_id from rule3_qualifying a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1, null, null, null
  from (select unnest(a.contacts) as contact_id from rule3_qualifying a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- Rule 6: the organisation's active mentors of counting entries, each once,
  -- with the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1, null, null, null
  from (select c.day, c.mentor_id from rule5_counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from rule5_counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Rule 7: per wanted mentor, how many contacts and active mentors: counted
  -- here, as no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from rule7_mentor_entries m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id
                             from rule7_mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
  union all
  -- Verdicts, asked for entries: each activity of the days with the step that
  -- decided it, in the rules' order: left out (rule 4), merged as a proxy twin
  -- (rule 2), rule 3, and counting or not by rule 5 (the entries counted above).
  -- One row per activity, hashed lookups.
  select null, 'entry', j.day, j.kind, j.path, j.county, j.left_out,
         null, null, null, null, null, null, null, null, null,
         j.id,
         case when j.left_out is not null then j.left_out::text::public.entry_verdict
              when j.is_duplicate then 'merged_proxy_twin'::public.entry_verdict
              when j.fails_rule_3 is not null then j.fails_rule_3
              when j.id in (select c.id from rule5_counting c) then 'counts'::public.entry_verdict
              else 'same_day_repeat'::public.entry_verdict
         end,
         t.direct_id
  from rule3_qualifying j
  left join (select d.id, min(d.direct_id::text)::uuid as direct_id from rule2_duplicates d group by d.id) t on t.id = j.id
  where figure_parts.entries
$$;


--
-- Name: FUNCTION figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) IS 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into. Its steps are named by rule, and each rule''s test is stated once in them (the map at the top of db/src/private/figure_parts.sql).';


--
-- Name: figure_shape(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.figure_shape() RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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


--
-- Name: FUNCTION figure_shape(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.figure_shape() IS 'The figures'' shape, version 2, defined once: the totals in their documented order, the one flag among them, the breakdowns in their documented order with the domain of their keys, and each domain''s key pattern. The allow-list reads it; make gen writes the client''s copy from it.';


--
-- Name: forbid_tenant_change(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.forbid_tenant_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if new.org_id is distinct from old.org_id then
    raise exception 'a row cannot move to another organisation (table %)', tg_table_name
      using errcode = '42501';
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION forbid_tenant_change(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.forbid_tenant_change() IS 'Trigger: refuses an update that changes org_id (42501).';


--
-- Name: generate_summaries(uuid, public.summary_period_type, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) RETURNS SETOF public.periodic_summaries
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  period_end date := private.summary_period_end(period_type => generate_summaries.period_type,
                                                period_start => generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(org_id => generate_summaries.org_id, period_start => generate_summaries.period_start,
                                    period_end => period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, f.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end, f.figures
  from private.aggregate_figures(
    org_id => generate_summaries.org_id, period_start => generate_summaries.period_start, period_end => period_end,
    every_mentor => true,
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    mentor_ids => array(select s.mentor_id from public.periodic_summaries s
          where s.org_id = generate_summaries.org_id and s.period_type = generate_summaries.period_type
            and s.period_start = generate_summaries.period_start and s.mentor_id is not null)) f
  order by f.mentor_id nulls first
  on conflict on constraint periodic_summaries_period_key do update
    set summary_data = excluded.summary_data,
        updated_at = now(),
        invalidated_at = null,
        version = s.version + 1
  returning s.*;
end
$$;


--
-- Name: FUNCTION generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) IS 'Upserts the organisation-wide and per-mentor summaries of one period from one run of the aggregation.';


--
-- Name: guard_review_confirmation(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_review_confirmation() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- Only the table owner writes a confirmation: confirm_activity's definer body
  -- and the owner's triggers run as it; the API roles never do.
  if (tg_op = 'INSERT' and (new.review_confirmed_at is not null or new.review_confirmed_by is not null))
     or (tg_op = 'UPDATE' and (new.review_confirmed_at, new.review_confirmed_by)
                              is distinct from (old.review_confirmed_at, old.review_confirmed_by)) then
    if not pg_catalog.pg_has_role(current_user,
             (select c.relowner from pg_catalog.pg_class c where c.oid = tg_relid), 'MEMBER') then
      raise exception 'permission denied: review_confirmed_at and review_confirmed_by are set by confirm_activity only'
        using errcode = '42501';
    end if;
  end if;
  -- A confirmation holds for the values confirmed.
  if tg_op = 'UPDATE' and old.review_confirmed_at is not null
     and (new.kind, new.activity_date, new.duration_minutes, new.anonymous_participants, new.municipality_code,
          new.municipality_code_version, new.in_norway, new.registration_path, new.deleted_at)
         is distinct from
         (old.kind, old.activity_date, old.duration_minutes, old.anonymous_participants, old.municipality_code,
          old.municipality_code_version, old.in_norway, old.registration_path, old.deleted_at) then
    new.review_confirmed_at := null;
    new.review_confirmed_by := null;
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION guard_review_confirmation(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.guard_review_confirmation() IS 'Row trigger on activities: refuses (42501) a review confirmation written by anyone but the table owner (confirm_activity), and clears a confirmation when the entry''s counted values change.';


--
-- Name: links_by_id_share(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.links_by_id_share() RETURNS numeric
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select 0.25
$$;


--
-- Name: FUNCTION links_by_id_share(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.links_by_id_share() IS 'Up to what share of the organisation''s live activities the days may hold for private.figure_parts to look their links up by id instead of reading the organisation''s link tables in key order.';


--
-- Name: list_summary_changes(uuid, text, integer, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) RETURNS TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  own_first_change bigint;
begin
  -- Under repeatable read the snapshot predates the wait and could miss a commit.
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'delta sync needs read committed isolation, not %', pg_catalog.current_setting('transaction_isolation')
      using errcode = '0A000';
  end if;
  -- Checks the arguments before waiting (a read of nothing).
  perform from private.summary_changes_after(
    org_id => list_summary_changes.org_id, since_cursor => list_summary_changes.since_cursor,
    page_size => list_summary_changes.page_size, only_mentor => list_summary_changes.only_mentor, below_change => 0);
  if not private.await_summary_writers(org_id => list_summary_changes.org_id) then
    -- A writer of this organisation is still running: nothing is final beyond
    -- the cursor yet. Busy, not "no changes": the caller keeps its cursor and
    -- everything it holds, and asks again.
    raise exception 'summary sync is busy: a writer of the organisation''s summaries is still running'
      using errcode = 'BF010', hint = 'Keep the cursor and the mirror as they are, and try again shortly.';
  end if;
  -- The caller's own transaction may have written changes that could still roll
  -- back: list only what lies below them.
  select min(c.change_id) into own_first_change
  from private.summary_changes c
  where c.org_id = list_summary_changes.org_id and c.writer_xid = pg_catalog.pg_current_xact_id_if_assigned();
  return query select * from private.summary_changes_after(
    org_id => list_summary_changes.org_id, since_cursor => list_summary_changes.since_cursor,
    page_size => list_summary_changes.page_size, only_mentor => list_summary_changes.only_mentor,
    below_change => own_first_change);
end
$$;


--
-- Name: FUNCTION list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) IS 'Delta sync''s read: waits up to 1 s for the organisation''s running summary writers, then lists the changes after the cursor (none of the caller''s own transaction). Errors: 0A000 outside read committed, 22023, BF010 when a writer still runs after the wait.';


--
-- Name: lock_day_partials(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.lock_day_partials(org_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  -- In milliseconds; 0 means no timeout.
  caller_timeout bigint := (select s.setting::bigint from pg_catalog.pg_settings s where s.name = 'lock_timeout');
  wait_ms bigint := case when caller_timeout between 1 and 5000 then caller_timeout else 5000 end;
begin
  -- Rows come with their organisations; one that is missing is made here.
  if not exists (select from private.day_partial_locks l where l.org_id = lock_day_partials.org_id) then
    insert into private.day_partial_locks (org_id) values (lock_day_partials.org_id)
    on conflict on constraint day_partial_locks_pkey do nothing;
  end if;
  -- The caller's lock_timeout when it is shorter, else 5 s; the caller's setting
  -- is restored afterwards (an error ends the transaction anyway).
  perform pg_catalog.set_config('lock_timeout', wait_ms::text, true);
  begin
    perform from private.day_partial_locks l where l.org_id = lock_day_partials.org_id for update;
  exception when lock_not_available then
    raise exception 'the day partials of organisation % are being rebuilt by another transaction, still running after % ms',
      lock_day_partials.org_id, wait_ms
      using errcode = '55P03', hint = 'Nothing was changed; try again shortly.';
  end;
  perform pg_catalog.set_config('lock_timeout', caller_timeout::text, true);
end
$$;


--
-- Name: FUNCTION lock_day_partials(org_id uuid); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.lock_day_partials(org_id uuid) IS 'Takes the organisation''s day-partials lock (a row lock on private.day_partial_locks, making the row when missing) until the transaction ends, waiting at most 5 s or the caller''s shorter lock_timeout; then 55P03 (another rebuild is still running).';


--
-- Name: lock_mentors(uuid[], uuid[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.lock_mentors(org_ids uuid[], mentor_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into private.mentor_write_locks (org_id, mentor_id)
  select distinct l.org_id, l.mentor_id from unnest(lock_mentors.org_ids, lock_mentors.mentor_ids) l(org_id, mentor_id)
  order by 1, 2
  on conflict do nothing;
  -- Always in key order, so two writers never wait for each other crosswise.
  perform from private.mentor_write_locks w
  where (w.org_id, w.mentor_id) in (
    select l.org_id, l.mentor_id from unnest(lock_mentors.org_ids, lock_mentors.mentor_ids) l(org_id, mentor_id))
  order by w.org_id, w.mentor_id
  for update;
end
$$;


--
-- Name: FUNCTION lock_mentors(org_ids uuid[], mentor_ids uuid[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.lock_mentors(org_ids uuid[], mentor_ids uuid[]) IS 'Locks the (organisation, mentor) rows of private.mentor_write_locks, in key order, until the transaction ends; creates missing ones. Called by the per-mentor-day limit trigger.';


--
-- Name: membership_of(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.membership_of(org_id uuid, user_id uuid) RETURNS public.membership
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select m.org_id, m.user_id,
         case when m.approval_status = 'revoked' then null else u.email::text end,
         coalesce(
           nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
           nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
           case when m.approval_status = 'revoked' then 'former member' else u.email::text end),
         m.role, m.approval_status, m.created_at, m.updated_at
  from public.members m
  join auth.users u on u.id = m.user_id
  where m.org_id = membership_of.org_id and m.user_id = membership_of.user_id
$$;


--
-- Name: FUNCTION membership_of(org_id uuid, user_id uuid); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.membership_of(org_id uuid, user_id uuid) IS 'One membership with the member''s e-mail (null when revoked) and display name (full_name or name from their metadata, else the e-mail, or ''former member'' when revoked); null when there is none. For the administration bodies, which run as the owner.';


--
-- Name: record_activity_changes(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_activity_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- Each branch names only the transition tables its event has.
  if tg_op = 'INSERT' then
    perform private.add_day_changes(org_ids => array_agg(n.org_id), days => array_agg(n.activity_date),
      deltas => array_agg(case when n.deleted_at is null then 1 else 0 end)) from new_rows n;
  elsif tg_op = 'DELETE' then
    perform private.add_day_changes(org_ids => array_agg(o.org_id), days => array_agg(o.activity_date),
      deltas => array_agg(case when o.deleted_at is null then -1 else 0 end)) from old_rows o;
  else
    perform private.add_day_changes(org_ids => array_agg(c.org_id), days => array_agg(c.day), deltas => array_agg(c.delta))
    from (
      select n.org_id, n.activity_date as day, case when n.deleted_at is null then 1 else 0 end as delta from new_rows n
      union all
      select o.org_id, o.activity_date, case when o.deleted_at is null then -1 else 0 end from old_rows o
    ) c;
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION record_activity_changes(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.record_activity_changes() IS 'Statement trigger on activities: adjusts live counts and marks every touched (organisation, day) as changed.';


--
-- Name: record_activity_link_changes(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_activity_link_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  org_ids uuid[];
  activity_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.org_id), array_agg(n.activity_id) into org_ids, activity_ids from new_rows n;
  else
    select array_agg(o.org_id), array_agg(o.activity_id) into org_ids, activity_ids from old_rows o;
  end if;
  -- Links removed together with their activity find no activity: its own trigger marked the day.
  perform private.add_day_changes(org_ids => array_agg(a.org_id), days => array_agg(a.activity_date), deltas => array_agg(0))
  from (select distinct l.org_id, l.activity_id from unnest(org_ids, activity_ids) l(org_id, activity_id)) l
  join public.activities a on a.org_id = l.org_id and a.id = l.activity_id;
  return null;
end
$$;


--
-- Name: FUNCTION record_activity_link_changes(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.record_activity_link_changes() IS 'Statement trigger on activity_mentors and activity_participants: marks the day of every touched activity as changed.';


--
-- Name: record_roster_changes(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_roster_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  org_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.org_id) into org_ids from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.org_id) into org_ids from old_rows o;
  else
    select array_agg(distinct c.org_id) into org_ids
    from (select n.org_id from new_rows n union select o.org_id from old_rows o) c;
  end if;
  insert into private.roster_changes as r (org_id, last_change_xid, last_change_seq)
  select o.org_id, pg_catalog.pg_current_xact_id(), pg_catalog.nextval('private.change_seq')
  from unnest(org_ids) o(org_id)
  where o.org_id is not null
  order by 1
  on conflict (org_id) do update
    set last_change_xid = excluded.last_change_xid, last_change_seq = excluded.last_change_seq;
  return null;
end
$$;


--
-- Name: FUNCTION record_roster_changes(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.record_roster_changes() IS 'Statement trigger on members, mentor_active_periods and organisation_review_limits: marks the organisation''s roster (who and what counts) as changed.';


--
-- Name: record_summary_changes(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_summary_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- The organisations' horizons first, in shared mode and held to commit: the
  -- sync reader waits for them, so no change id it has not seen can still commit.
  if tg_op = 'DELETE' then
    perform private.share_summary_horizons(org_ids => array(select distinct r.org_id from old_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    perform private.share_summary_horizons(org_ids => array(select distinct r.org_id from new_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select n.org_id, n.id, n.mentor_id, 'upsert' from new_rows n order by n.org_id, n.id;

    insert into public.summary_push_outbox (org_id, event, mentor_id, period_type, period_start, version)
    select n.org_id, case when n.invalidated_at is null then 'generated' else 'invalidated' end,
           n.mentor_id, n.period_type, n.period_start, n.version
    from new_rows n order by n.org_id, n.id;
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION record_summary_changes(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.record_summary_changes() IS 'Statement trigger on periodic_summaries: takes each organisation''s sync horizon in shared mode (held to commit, at most a 5 s wait), appends to the change log and queues push events (which announce themselves).';


--
-- Name: record_summary_job_failure(uuid, date, public.summary_period_type, date, text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_summary_job_failure(org_id uuid, as_of date, period_type public.summary_period_type, period_start date, sqlstate text, message text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
begin
  if record_summary_job_failure.org_id is null or record_summary_job_failure.as_of is null
     or record_summary_job_failure.sqlstate is null or record_summary_job_failure.message is null then
    raise exception 'org_id, as_of, sqlstate and message must not be null' using errcode = '22004';
  end if;
  if record_summary_job_failure.sqlstate !~ '^[0-9A-Z]{5}$' then
    raise exception 'sqlstate must be five digits or capital letters' using errcode = '22023';
  end if;
  insert into public.summary_job_failures (org_id, as_of, period_type, period_start, sqlstate, message)
  values (record_summary_job_failure.org_id, record_summary_job_failure.as_of, record_summary_job_failure.period_type,
          record_summary_job_failure.period_start, record_summary_job_failure.sqlstate, record_summary_job_failure.message);
end
$_$;


--
-- Name: FUNCTION record_summary_job_failure(org_id uuid, as_of date, period_type public.summary_period_type, period_start date, sqlstate text, message text); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.record_summary_job_failure(org_id uuid, as_of date, period_type public.summary_period_type, period_start date, sqlstate text, message text) IS 'Records that the scheduled summary job could not serve an organisation: the run (as_of), the period being generated when known (else null), the SQLSTATE and the message. The one writer of public.summary_job_failures: run_summary_job_for''s handler and the CLI''s `summaries run-job` (after a time limit or another failure outside that handler) call it. Errors: 22004, 22023.';


--
-- Name: refresh_day_partials(uuid, date, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refresh_day_partials(org_id uuid, period_start date, period_end date) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => refresh_day_partials.period_start);
  stale date[];
  stale_set datemultirange;
begin
  if rules.version is null then
    return 0;
  end if;
  -- One rebuild per organisation at a time: a row lock only the owner can take.
  perform private.lock_day_partials(org_id => refresh_day_partials.org_id);
  stale := private.stale_days(org_id => refresh_day_partials.org_id, period_start => refresh_day_partials.period_start,
                              period_end => refresh_day_partials.period_end, rule_version => rules.version);
  if cardinality(stale) = 0 then
    return 0;
  end if;
  stale_set := private.days_as_multirange(days => stale);
  delete from private.day_partials p where p.org_id = refresh_day_partials.org_id and p.day = any (stale);

  -- One statement, so the markers and the classification see the same snapshot;
  -- the foreign keys to day_partials are checked when it ends.
  with parts as materialized (
    select * from private.figure_parts(org_id => refresh_day_partials.org_id, days => stale, rules => rules,
                                       every_mentor => false, mentor_ids => '{}', by_day => true)
  ), markers as (
    insert into private.day_partials (org_id, day, rule_version, change_xid, change_seq, roster_xid, roster_seq)
    select s.org_id, s.day, rules.version, s.last_change_xid, s.last_change_seq, r.last_change_xid, r.last_change_seq
    from private.activity_day_stats s
    left join private.roster_changes r on r.org_id = s.org_id
    where s.org_id = refresh_day_partials.org_id and s.day = any (stale)
  ), cells as (
    insert into private.day_cells (org_id, day, kind, path, county, activity_days, activities, duplicates, participations, lower_bound, minutes)
    select refresh_day_partials.org_id, p.day, p.kind, p.path, p.county,
           p.activity_days, p.activities, p.duplicates, p.participations, p.lower_bound, p.minutes
    from parts p
    where p.part = 'cell' and p.left_out is null
  ), left_out as (
    insert into private.day_left_out (org_id, day, reason, entries)
    select refresh_day_partials.org_id, p.day, p.left_out, p.activities
    from parts p
    where p.part = 'cell' and p.left_out is not null
  ), seen_contacts as (
    select p.member as contact_id, p.member_days as days from parts p where p.part = 'contact'
  ), contact_changes as (
    -- A contact's days: the stored ones but the stale days, and those seen now.
    -- Unchanged rows are not written again.
    select coalesce(n.contact_id, o.contact_id) as contact_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.contact_id, d.days from private.contact_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.contact_id in (select n.contact_id from seen_contacts n))) o
    full join seen_contacts n on n.contact_id = o.contact_id
  ), contacts_written as (
    insert into private.contact_days as d (org_id, contact_id, days)
    select refresh_day_partials.org_id, c.contact_id, c.days from contact_changes c
    where not isempty(c.days) and c.days is distinct from c.stored
    on conflict on constraint contact_days_pkey do update set days = excluded.days
  ), contacts_gone as (
    delete from private.contact_days d
    where d.org_id = refresh_day_partials.org_id
      and d.contact_id in (select c.contact_id from contact_changes c where isempty(c.days))
  ), seen_mentors as (
    select p.member as mentor_id, p.member_days as days from parts p where p.part = 'mentor'
  ), mentor_changes as (
    select coalesce(n.mentor_id, o.mentor_id) as mentor_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.mentor_id, d.days from private.mentor_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.mentor_id in (select n.mentor_id from seen_mentors n))) o
    full join seen_mentors n on n.mentor_id = o.mentor_id
  ), mentors_written as (
    insert into private.mentor_days as d (org_id, mentor_id, days)
    select refresh_day_partials.org_id, m.mentor_id, m.days from mentor_changes m
    where not isempty(m.days) and m.days is distinct from m.stored
    on conflict on constraint mentor_days_pkey do update set days = excluded.days
  )
  delete from private.mentor_days d
  where d.org_id = refresh_day_partials.org_id
    and d.mentor_id in (select m.mentor_id from mentor_changes m where isempty(m.days));
  return cardinality(stale);
end
$$;


--
-- Name: FUNCTION refresh_day_partials(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.refresh_day_partials(org_id uuid, period_start date, period_end date) IS 'Classifies the stale days of an organisation''s period again and stores their partial figures (cells, and entries left out per reason) and the days of its contacts and mentors, one rebuild per organisation at a time (private.lock_day_partials: at most a 5 s wait, then 55P03); returns how many days it rebuilt.';


--
-- Name: refuse_audit_change(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refuse_audit_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  raise exception 'the export audit log is append-only (% refused)', tg_op using errcode = '42501';
end
$$;


--
-- Name: FUNCTION refuse_audit_change(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.refuse_audit_change() IS 'Trigger: refuses UPDATE, DELETE and TRUNCATE on the export audit log, whoever asks.';


--
-- Name: refuse_rule_change(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refuse_rule_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  raise exception 'counting rule version % is immutable: add a new version instead', old.version
    using errcode = '42501';
end
$$;


--
-- Name: FUNCTION refuse_rule_change(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.refuse_rule_change() IS 'Trigger: a rule version never changes once written.';


--
-- Name: reject_pii_in_figures(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.reject_pii_in_figures() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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


--
-- Name: FUNCTION reject_pii_in_figures(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.reject_pii_in_figures() IS 'Trigger: refuses figures outside the documented shape (BF001). Argument: the jsonb column to check.';


--
-- Name: require_summaries_enabled(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.require_summaries_enabled(org_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if hidden.is_service_role_request() then
    return;
  end if;
  if exists (select from private.summaries_switches s
             where s.org_id in (require_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000') and not s.enabled) then
    raise exception 'periodic summaries are switched off for organisation %', require_summaries_enabled.org_id
      using errcode = 'BF005';
  end if;
end
$$;


--
-- Name: FUNCTION require_summaries_enabled(org_id uuid); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.require_summaries_enabled(org_id uuid) IS 'Raises BF005 when summaries are switched off for the organisation or globally (a service-role request is exempt).';


--
-- Name: review_limits_of(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.review_limits_of(org_id uuid) RETURNS public.organisation_review_limits
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select l from public.organisation_review_limits l where l.org_id = review_limits_of.org_id
$$;


--
-- Name: FUNCTION review_limits_of(org_id uuid); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.review_limits_of(org_id uuid) IS 'An organisation''s review limits (null when it has none), for a query to read once and test every activity against.';


--
-- Name: run_summary_job_for(uuid, date, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer DEFAULT 30000) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  ended date := run_summary_job_for.as_of - 1;
  generated integer := 0;
  added integer;
  kind public.summary_period_type;
  first_day date;
  code text;
  reason text;
begin
  if run_summary_job_for.org_id is null or run_summary_job_for.as_of is null or run_summary_job_for.lock_wait_ms is null then
    raise exception 'org_id, as_of and lock_wait_ms must not be null' using errcode = '22004';
  end if;
  if run_summary_job_for.lock_wait_ms < 1 then
    raise exception 'lock_wait_ms must be at least 1' using errcode = '22023';
  end if;
  begin
    -- Transaction-local: the driver commits after each organisation.
    perform pg_catalog.set_config('lock_timeout', run_summary_job_for.lock_wait_ms::text, true);
    foreach kind in array enum_range(null::public.summary_period_type) loop
      first_day := case kind
        when 'month' then date_trunc('month', ended)::date
        when 'quarter' then date_trunc('quarter', ended)::date
        when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', ended)::date end;
      if private.summary_period_end(period_type => kind, period_start => first_day) = ended then
        select count(*) into added from private.generate_summaries(org_id => run_summary_job_for.org_id, period_type => kind,
            period_start => first_day);
        generated := generated + added;
      end if;
    end loop;
    return generated;
  exception when others then
    -- Everything of this organisation's run is rolled back with the block.
    -- (A cancellation, 57014, is not among "others": it ends the caller's
    -- command, and the driver records it.)
    get stacked diagnostics code = returned_sqlstate, reason = message_text;
    perform private.record_summary_job_failure(org_id => run_summary_job_for.org_id, as_of => run_summary_job_for.as_of,
                                               period_type => kind, period_start => first_day, sqlstate => code,
                                               message => reason);
    return null;
  end;
end
$$;


--
-- Name: FUNCTION run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer) IS 'One organisation''s share of the scheduled job: generates the summaries of every period type that ended the day before as_of, waiting at most lock_wait_ms for any lock. Returns how many summaries were written, or null when it failed: then nothing of it is kept and public.summary_job_failures has a row (written by private.record_summary_job_failure) saying which period and why. A cancellation (57014, e.g. the caller''s statement_timeout) is not caught: it ends the caller''s transaction, and the caller records it. Errors (of the arguments only): 22004, 22023.';


--
-- Name: share_summary_horizons(uuid[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.share_summary_horizons(org_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  -- In milliseconds; 0 means no timeout.
  caller_timeout bigint := (select s.setting::bigint from pg_catalog.pg_settings s where s.name = 'lock_timeout');
begin
  -- Rows come with their organisations; one that is missing is made here.
  insert into private.summary_horizons (org_id)
  select distinct o from pg_catalog.unnest(share_summary_horizons.org_ids) o
  where not exists (select from private.summary_horizons h where h.org_id = o)
  order by o
  on conflict on constraint summary_horizons_pkey do nothing;
  -- The caller's lock_timeout when it is shorter, else 5 s; the caller's setting
  -- is restored afterwards (an error ends the transaction anyway).
  perform pg_catalog.set_config('lock_timeout',
    case when caller_timeout between 1 and 5000 then caller_timeout::text else '5000' end, true);
  perform from private.summary_horizons h
  where h.org_id = any (share_summary_horizons.org_ids)
  order by h.org_id
  for share;
  perform pg_catalog.set_config('lock_timeout', caller_timeout::text, true);
end
$$;


--
-- Name: FUNCTION share_summary_horizons(org_ids uuid[]); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.share_summary_horizons(org_ids uuid[]) IS 'Takes the sync horizon of each organisation in shared mode until the transaction ends (making its row when missing), in organisation order, waiting at most 5 s or the caller''s shorter lock_timeout (then 55P03).';


--
-- Name: snapshot_status(uuid, date, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.snapshot_status(org_id uuid, period_start date, period_end date) RETURNS public.metric_snapshot_status
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  snapshot public.bufdir_metric_snapshots;
  generation private.snapshot_generations;
  status public.metric_snapshot_status;
begin
  select s.* into snapshot from public.bufdir_metric_snapshots s
  where s.org_id = snapshot_status.org_id and s.period_start = snapshot_status.period_start
    and s.period_end = snapshot_status.period_end;

  status.rule_version_in_force := (hidden.rules_in_force(on_date => snapshot_status.period_start)).version;
  status.record_count_now := (
    select coalesce(sum(d.live_activities), 0) from private.activity_day_stats d
    where d.org_id = snapshot_status.org_id and d.day between snapshot_status.period_start and snapshot_status.period_end);
  if snapshot.id is null then
    status.snapshot_exists := false;
    status.is_stale := true;
    status.reasons := array['missing'];
    return status;
  end if;

  status.snapshot_exists := true;
  status.snapshot_id := snapshot.id;
  status.computed_at := snapshot.computed_at;
  status.age_seconds := floor(extract(epoch from now() - snapshot.computed_at))::bigint;
  status.rule_version := snapshot.rule_version;
  status.record_count_at_generation := snapshot.record_count_at_generation;
  status.reasons := '{}';

  if status.age_seconds > 24 * 60 * 60 then
    status.reasons := array_append(status.reasons, 'older_than_24h');
  end if;
  -- The snapshot's own rule version against the one in force for its period: a
  -- version in force since (a retroactive one) makes it stale, with that reason;
  -- a later version for later periods does not. Its figures are recomputed
  -- (verify, export) under its own version either way.
  if snapshot.rule_version is distinct from status.rule_version_in_force then
    status.reasons := array_append(status.reasons, 'rules_changed');
  end if;

  select g.* into generation from private.snapshot_generations g
  where g.org_id = snapshot.org_id and g.snapshot_id = snapshot.id;
  if generation.snapshot_id is null then
    status.reasons := array_append(status.reasons, 'generation_unknown');
  else
    -- At most one day row per day of the period, read through the primary key.
    if exists (
      select from private.activity_day_stats d
      where d.org_id = snapshot.org_id and d.day between snapshot.period_start and snapshot.period_end
        and (not pg_catalog.pg_visible_in_snapshot(d.last_change_xid, generation.generation_snapshot)
               and d.last_change_xid <> generation.generation_xid
             or d.last_change_xid = generation.generation_xid and d.last_change_seq > generation.generation_seq)) then
      status.reasons := array_append(status.reasons, 'activities_changed');
    end if;
    if exists (
      select from private.roster_changes r
      where r.org_id = snapshot.org_id
        and (not pg_catalog.pg_visible_in_snapshot(r.last_change_xid, generation.generation_snapshot)
               and r.last_change_xid <> generation.generation_xid
             or r.last_change_xid = generation.generation_xid and r.last_change_seq > generation.generation_seq)) then
      status.reasons := array_append(status.reasons, 'roster_changed');
    end if;
  end if;
  status.is_stale := cardinality(status.reasons) > 0;
  return status;
end
$$;


--
-- Name: FUNCTION snapshot_status(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.snapshot_status(org_id uuid, period_start date, period_end date) IS 'The staleness of a snapshot (see type metric_snapshot_status).';


--
-- Name: stale_days(uuid, date, date, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) RETURNS date[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
  -- Planner settings: measured (db/README.md, "Measured and tuned").
  select coalesce(array_agg(s.day order by s.day), '{}')
  from private.activity_day_stats s
  left join private.roster_changes r on r.org_id = s.org_id
  left join private.day_partials p on p.org_id = s.org_id and p.day = s.day
  where s.org_id = stale_days.org_id and s.day between stale_days.period_start and stale_days.period_end
    and (p.day is null
         or p.rule_version <> stale_days.rule_version
         or p.change_xid <> s.last_change_xid or p.change_seq <> s.last_change_seq
         or p.roster_xid is distinct from r.last_change_xid or p.roster_seq is distinct from r.last_change_seq)
$$;


--
-- Name: FUNCTION stale_days(org_id uuid, period_start date, period_end date, rule_version text); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) IS 'The days of an organisation''s period whose partials must be classified again: missing, or marked with an older change, roster change or rule version.';


--
-- Name: stamp_snapshot(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.stamp_snapshot() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  new.computed_at := now();
  new.content_hash := encode(sha256(convert_to(new.snapshot_json::text, 'UTF8')), 'hex');
  return new;
end
$$;


--
-- Name: FUNCTION stamp_snapshot(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.stamp_snapshot() IS 'Trigger: sets computed_at and content_hash of a snapshot on every write.';


--
-- Name: store_snapshot(uuid, date, date, jsonb, pg_snapshot); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) RETURNS public.bufdir_metric_snapshots
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => store_snapshot.period_start);
  saved public.bufdir_metric_snapshots;
begin
  -- The allow-list trigger checks the shape first (BF001); consistency with the
  -- key is checked after, and a failure rolls the upsert back with the statement.
  insert into public.bufdir_metric_snapshots as s
    (org_id, period_start, period_end, snapshot_json, rule_version, record_count_at_generation, generated_by, content_hash)
  values (
    store_snapshot.org_id, store_snapshot.period_start, store_snapshot.period_end, store_snapshot.figures,
    coalesce(rules.version, store_snapshot.figures ->> 'rule_version'),
    (select coalesce(sum(d.live_activities), 0) from private.activity_day_stats d
     where d.org_id = store_snapshot.org_id and d.day between store_snapshot.period_start and store_snapshot.period_end),
    (select auth.uid()),
    '')
  on conflict on constraint bufdir_metric_snapshots_org_id_period_start_period_end_key do update
    set snapshot_json = excluded.snapshot_json,
        rule_version = excluded.rule_version,
        record_count_at_generation = excluded.record_count_at_generation,
        generated_by = excluded.generated_by
  returning s.* into saved;

  if store_snapshot.figures ->> 'rule_version' is distinct from rules.version then
    raise exception 'snapshot_json.rule_version (%) is not the rule version in force for the period (%)',
      store_snapshot.figures ->> 'rule_version', rules.version using errcode = '22023';
  end if;
  if store_snapshot.figures -> 'period' ->> 'start' is distinct from store_snapshot.period_start::text
     or store_snapshot.figures -> 'period' ->> 'end' is distinct from store_snapshot.period_end::text then
    raise exception 'snapshot_json.period (% to %) does not match period_start and period_end (% to %)',
      store_snapshot.figures -> 'period' ->> 'start', store_snapshot.figures -> 'period' ->> 'end',
      store_snapshot.period_start, store_snapshot.period_end using errcode = '22023';
  end if;

  insert into private.snapshot_generations as g (org_id, snapshot_id, generation_snapshot, generation_xid, generation_seq)
  values (saved.org_id, saved.id, store_snapshot.generation, pg_catalog.pg_current_xact_id(),
          pg_catalog.nextval('private.change_seq'))
  on conflict on constraint snapshot_generations_pkey do update
    set generation_snapshot = excluded.generation_snapshot,
        generation_xid = excluded.generation_xid,
        generation_seq = excluded.generation_seq;
  return saved;
end
$$;


--
-- Name: FUNCTION store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) IS 'Upserts a snapshot on (org_id, period_start, period_end) and records its generation for the staleness check.';


--
-- Name: summary_changes_after(uuid, text, integer, uuid, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.summary_changes_after(org_id uuid, since_cursor text, page_size integer, only_mentor uuid, below_change bigint) RETURNS TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  after_change bigint := 0;
begin
  if summary_changes_after.page_size is null or summary_changes_after.page_size not between 1 and 5000 then
    raise exception 'page_size must be between 1 and 5000' using errcode = '22023';
  end if;
  -- A change id (or the old form's change part) beyond bigint is no cursor either.
  if summary_changes_after.since_cursor ~ '^[0-9]{1,19}(\.[0-9]{1,19})?$' then
    if split_part(summary_changes_after.since_cursor, '.', -1)::numeric > 9223372036854775807 then
      raise exception 'since_cursor is not a cursor returned by list_periodic_summaries_since' using errcode = '22023';
    end if;
  end if;
  if summary_changes_after.since_cursor ~ '^[0-9]{1,19}$' then
    after_change := summary_changes_after.since_cursor::bigint;
  elsif summary_changes_after.since_cursor ~ '^[0-9]{1,19}\.[0-9]{1,19}$' then
    -- A cursor of the old "<writer xid>.<change id>" format: every change up to
    -- that pair, in (xid, id) order, was delivered. Resume before the lowest id
    -- of any change after the pair (or after the last change, when there is
    -- none), so nothing is skipped; a few changes may arrive once more.
    select coalesce(min(c.change_id) - 1, (select max(a.change_id) from private.summary_changes a
                                            where a.org_id = summary_changes_after.org_id), 0)
    into after_change
    from private.summary_changes c
    where c.org_id = summary_changes_after.org_id
      and (c.writer_xid, c.change_id) > (split_part(summary_changes_after.since_cursor, '.', 1)::xid8,
                                         split_part(summary_changes_after.since_cursor, '.', 2)::bigint);
  elsif summary_changes_after.since_cursor is not null then
    raise exception 'since_cursor is not a cursor returned by list_periodic_summaries_since' using errcode = '22023';
  end if;
  return query
  select c.change_id::text,
         -- A row deleted since the change is reported as deleted (its delete follows).
         case when s.id is null then 'delete' else c.operation end,
         c.summary_id, c.mentor_id, s.period_type, s.period_start, s.period_end, s.summary_data,
         s.generated_at, s.updated_at, s.invalidated_at, s.version
  from private.summary_changes c
  left join public.periodic_summaries s on s.org_id = c.org_id and s.id = c.summary_id
  where c.org_id = summary_changes_after.org_id
    and c.change_id > after_change
    and (summary_changes_after.below_change is null or c.change_id < summary_changes_after.below_change)
    and (summary_changes_after.only_mentor is null or c.mentor_id = summary_changes_after.only_mentor)
  order by c.change_id
  limit summary_changes_after.page_size;
end
$_$;


--
-- Name: FUNCTION summary_changes_after(org_id uuid, since_cursor text, page_size integer, only_mentor uuid, below_change bigint); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.summary_changes_after(org_id uuid, since_cursor text, page_size integer, only_mentor uuid, below_change bigint) IS 'The summary changes after a cursor (the change id; an old "<writer xid>.<change id>" cursor is mapped so nothing is skipped), below below_change when given, optionally only one mentor''s. 22023 for a bad cursor or page size.';


--
-- Name: summary_job_organisations(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.summary_job_organisations() RETURNS SETOF uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select o.id from public.organisations o
  where not exists (select from private.summaries_switches s
                    where s.org_id in (o.id, '00000000-0000-0000-0000-000000000000') and not s.enabled)
  order by o.id
$$;


--
-- Name: FUNCTION summary_job_organisations(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.summary_job_organisations() IS 'The organisations the scheduled summary job serves: those with summaries on, in id order.';


--
-- Name: summary_period_end(public.summary_period_type, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.summary_period_end(period_type public.summary_period_type, period_start date) RETURNS date
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;


--
-- Name: FUNCTION summary_period_end(period_type public.summary_period_type, period_start date); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.summary_period_end(period_type public.summary_period_type, period_start date) IS 'The inclusive end of a summary period; 22023 when period_start does not start a period of that type.';


--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  new.updated_at := now();
  return new;
end
$$;


--
-- Name: FUNCTION touch_updated_at(); Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON FUNCTION private.touch_updated_at() IS 'Trigger: keeps updated_at current on every update.';


--
-- Name: contacts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.contacts (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    full_name text NOT NULL,
    birth_year integer,
    phone text,
    email text,
    municipality_code text,
    municipality_code_version text,
    created_by uuid DEFAULT hidden.request_user_id() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT contacts_birth_year_check CHECK (((birth_year >= 1900) AND (birth_year <= 2100))),
    CONSTRAINT contacts_check CHECK (((municipality_code IS NULL) = (municipality_code_version IS NULL))),
    CONSTRAINT contacts_email_check CHECK ((length(email) <= 320)),
    CONSTRAINT contacts_full_name_check CHECK (((length(btrim(full_name)) >= 1) AND (length(btrim(full_name)) <= 200))),
    CONSTRAINT contacts_municipality_code_check CHECK ((municipality_code ~ '^[0-9]{4}$'::text)),
    CONSTRAINT contacts_municipality_code_version_check CHECK ((municipality_code_version ~ '^[0-9]{4}$'::text)),
    CONSTRAINT contacts_phone_check CHECK ((length(phone) <= 40))
);


--
-- Name: TABLE contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.contacts IS 'People mentors meet (personal data). Never aggregated by name; readable only by coordinators, admins and the mentors who registered or met them.';


--
-- Name: COLUMN contacts.municipality_code_version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.contacts.municipality_code_version IS 'The year of the municipality code list the code belongs to (e.g. 2020, 2024).';


--
-- Name: add_contact(uuid, text, integer, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add_contact(org_id uuid, full_name text, birth_year integer DEFAULT NULL::integer, phone text DEFAULT NULL::text, email text DEFAULT NULL::text, municipality_code text DEFAULT NULL::text, municipality_code_version text DEFAULT NULL::text) RETURNS public.contacts
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  added public.contacts;
begin
  if add_contact.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_contact.full_name is null then
    raise exception 'full_name must not be null' using errcode = '22004';
  end if;
  -- An approved member or a pending mentor; 42501 for anyone else and for the
  -- service role (a contact is registered by a user).
  perform hidden.caller_membership(org_id => add_contact.org_id);
  if pg_catalog.length(pg_catalog.btrim(add_contact.full_name)) not between 1 and 200 then
    raise exception 'full_name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  elsif add_contact.birth_year not between 1900 and 2100 then
    raise exception 'birth_year (%) must be between 1900 and 2100', add_contact.birth_year using errcode = '22023';
  elsif pg_catalog.length(add_contact.phone) > 40 then
    raise exception 'phone must be at most 40 characters' using errcode = '22023';
  elsif pg_catalog.length(add_contact.email) > 320 then
    raise exception 'email must be at most 320 characters' using errcode = '22023';
  elsif add_contact.municipality_code !~ '^[0-9]{4}$' or add_contact.municipality_code_version !~ '^[0-9]{4}$'
        or (add_contact.municipality_code is null) <> (add_contact.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version must be given together, four digits each' using errcode = '22023';
  end if;
  insert into public.contacts as c (org_id, full_name, birth_year, phone, email, municipality_code, municipality_code_version, created_by)
  values (add_contact.org_id, pg_catalog.btrim(add_contact.full_name), add_contact.birth_year, add_contact.phone, add_contact.email,
          add_contact.municipality_code, add_contact.municipality_code_version, hidden.request_user_id())
  returning c.* into added;
  return added;
end
$_$;


--
-- Name: FUNCTION add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) IS 'Registers a contact (a person mentors meet) as the calling member; row-level security applies (approved members and pending mentors). Errors: 22004, 22023 (a blank or over-long name, a birth year outside 1900-2100, an over-long phone or e-mail, a municipality code without its four-digit version or the reverse), 42501 (not a member, revoked, a pending coordinator or admin, the service role).';


--
-- Name: add_member(uuid, text, public.member_role); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add_member(org_id uuid, email text, role public.member_role) RETURNS public.membership
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.add_member(org_id => add_member.org_id, email => add_member.email, role => add_member.role)
$$;


--
-- Name: FUNCTION add_member(org_id uuid, email text, role public.member_role); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.add_member(org_id uuid, email text, role public.member_role) IS 'Adds the existing user of an e-mail address to the organisation with a role, pending approval. Admins add any role, coordinators peer mentors; the service role any. Errors: 22004, 23505 (a member already), 42501, P0002 (no such organisation, or no user with that e-mail).';


--
-- Name: mentor_active_periods; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mentor_active_periods (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    mentor_id uuid NOT NULL,
    active_from date NOT NULL,
    active_to date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT mentor_active_periods_check CHECK (((active_to IS NULL) OR (active_to >= active_from)))
);


--
-- Name: TABLE mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.mentor_active_periods IS 'When a mentor was active in an organisation (inclusive dates; open-ended when active_to is null). Bufdir counts only active mentors.';


--
-- Name: add_mentor_active_period(uuid, uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date DEFAULT NULL::date) RETURNS public.mentor_active_periods
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  mentor_role public.member_role;
  overlapping public.mentor_active_periods;
  added public.mentor_active_periods;
begin
  if add_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.mentor_id is null then
    raise exception 'mentor_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.active_from is null then
    raise exception 'active_from must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => add_mentor_active_period.org_id, roles => '{coordinator,admin}');
  if add_mentor_active_period.active_from not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31)
     or add_mentor_active_period.active_to not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_from and active_to must lie between 2000-01-01 and the end of next year' using errcode = '22023';
  elsif add_mentor_active_period.active_to < add_mentor_active_period.active_from then
    raise exception 'active_to (%) must not be before active_from (%)', add_mentor_active_period.active_to,
      add_mentor_active_period.active_from using errcode = '22023';
  end if;
  select m.role into mentor_role from public.members m
  where m.org_id = add_mentor_active_period.org_id and m.user_id = add_mentor_active_period.mentor_id;
  if mentor_role is null then
    raise exception 'mentor_id % is not a member of organisation %', add_mentor_active_period.mentor_id,
      add_mentor_active_period.org_id using errcode = '23503';
  elsif mentor_role <> 'peer_mentor' then
    raise exception 'mentor_id % is a % of organisation %, not a peer mentor', add_mentor_active_period.mentor_id, mentor_role,
      add_mentor_active_period.org_id using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = add_mentor_active_period.org_id and p.mentor_id = add_mentor_active_period.mentor_id
    and daterange(p.active_from, p.active_to, '[]')
        && daterange(add_mentor_active_period.active_from, add_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  insert into public.mentor_active_periods as p (org_id, mentor_id, active_from, active_to)
  values (add_mentor_active_period.org_id, add_mentor_active_period.mentor_id, add_mentor_active_period.active_from,
          add_mentor_active_period.active_to)
  returning p.* into added;
  return added;
end
$$;


--
-- Name: FUNCTION add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) IS 'Records a period (inclusive; open-ended when active_to is null) in which a peer mentor is active; Bufdir counts only active, approved mentors, and the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (a date out of range, an end before the start, not a peer mentor, an overlap with another period), 23503 (not a member), 42501.';


--
-- Name: compute_bufdir_metrics(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.compute_bufdir_metrics(org_id => compute_bufdir_metrics.org_id,
                                       period_start => compute_bufdir_metrics.period_start,
                                       period_end => compute_bufdir_metrics.period_end)
$$;


--
-- Name: FUNCTION compute_bufdir_metrics(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) IS 'Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';


--
-- Name: confirm_activity(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.confirm_activity(org_id uuid, activity_id uuid) RETURNS public.held_activity
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.confirm_activity(org_id => confirm_activity.org_id, activity_id => confirm_activity.activity_id)
$$;


--
-- Name: FUNCTION confirm_activity(org_id uuid, activity_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.confirm_activity(org_id uuid, activity_id uuid) IS 'Confirms a live activity that exceeds its organisation''s review limits, so it counts again; coordinators and admins of the organisation. A later change of its counted values or participants clears the confirmation. Errors: 22004, 22023 (it exceeds no limit), 42501, P0002 (missing or deleted).';


--
-- Name: count_entries_by_verdict(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) RETURNS TABLE(verdict public.entry_verdict, entries bigint)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select v.verdict, coalesce(c.entries, 0)
  from unnest(enum_range(null::public.entry_verdict)) v(verdict)
  left join (
    select e.verdict, count(*) as entries
    from hidden.explain_entries(org_id => count_entries_by_verdict.org_id, period_start => count_entries_by_verdict.period_start,
                                period_end => count_entries_by_verdict.period_end, only_activity => null) e
    group by e.verdict
  ) c on c.verdict = v.verdict
  order by v.verdict
$$;


--
-- Name: FUNCTION count_entries_by_verdict(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) IS 'How many entries of an inclusive period the caller may read have each verdict (every verdict listed, zeros included, in the enum''s order): the "not counted, by reason" table. Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';


--
-- Name: create_organisation(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_organisation(name text, admin_email text) RETURNS public.organisations
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.create_organisation(name => create_organisation.name, admin_email => create_organisation.admin_email)
$$;


--
-- Name: FUNCTION create_organisation(name text, admin_email text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_organisation(name text, admin_email text) IS 'Creates an organisation with the existing user of admin_email as its first, approved admin. The service role only. Errors: 22004, 22023 (a blank or over-long name), 23505 (an organisation of that name, in any case, exists), 42501, P0002 (no user with that e-mail).';


--
-- Name: custom_access_token_hook(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.custom_access_token_hook(event jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  org_roles jsonb;
begin
  if coalesce(event ->> 'user_id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    raise exception 'the event has no user_id of the uuid form' using errcode = '22023';
  end if;
  select coalesce(jsonb_object_agg(m.org_id::text, m.role::text order by m.org_id), '{}'::jsonb)
    into org_roles
  from public.members m
  where m.user_id = (event ->> 'user_id')::uuid and m.approval_status = 'approved';

  return jsonb_set(
    event,
    '{claims}',
    coalesce(event -> 'claims', '{}'::jsonb) || jsonb_build_object('org_roles', org_roles)
  );
end
$_$;


--
-- Name: FUNCTION custom_access_token_hook(event jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.custom_access_token_hook(event jsonb) IS 'Supabase Auth hook: adds the user''s approved memberships as claim org_roles = {org_id: role}; informative only, never used to authorise. Callable only by supabase_auth_admin.';


--
-- Name: delete_activity(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.delete_activity(org_id uuid, activity_id uuid) RETURNS public.activity_registration
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => delete_activity.org_id);
  existing public.activity_registration;
begin
  if delete_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(org_id => delete_activity.org_id, activity_id => delete_activity.activity_id);
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', delete_activity.activity_id, delete_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors delete only the direct entries they registered' using errcode = '42501';
  end if;
  update public.activities a set deleted_at = pg_catalog.now()
  where a.org_id = delete_activity.org_id and a.id = delete_activity.activity_id;
  return hidden.activity_registration(org_id => delete_activity.org_id, activity_id => delete_activity.activity_id);
end
$$;


--
-- Name: FUNCTION delete_activity(org_id uuid, activity_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.delete_activity(org_id uuid, activity_id uuid) IS 'Soft-deletes a live activity (kept, never counted again) and returns it. Mentors their own direct entries; coordinators and admins any. Errors: 22004, 42501, P0002 (missing, already deleted or unreadable).';


--
-- Name: delete_metric_snapshot(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  deleted integer;
begin
  perform hidden.check_snapshot_key(org_id => delete_metric_snapshot.org_id, period_start => delete_metric_snapshot.period_start,
                                    period_end => delete_metric_snapshot.period_end);
  perform hidden.require_role(org_id => delete_metric_snapshot.org_id);
  delete from public.bufdir_metric_snapshots s
  where s.org_id = delete_metric_snapshot.org_id
    and s.period_start = delete_metric_snapshot.period_start
    and s.period_end = delete_metric_snapshot.period_end;
  get diagnostics deleted = row_count;
  if deleted = 0 then
    if exists (select from public.bufdir_metric_snapshots s
               where s.org_id = delete_metric_snapshot.org_id
                 and s.period_start = delete_metric_snapshot.period_start
                 and s.period_end = delete_metric_snapshot.period_end) then
      raise exception 'permission denied: only coordinators and admins delete snapshots' using errcode = '42501';
    end if;
    raise exception 'no snapshot for organisation % from % to %',
      delete_metric_snapshot.org_id, delete_metric_snapshot.period_start, delete_metric_snapshot.period_end
      using errcode = 'P0002';
  end if;
end
$$;


--
-- Name: FUNCTION delete_metric_snapshot(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) IS 'Deletes the snapshot of an organisation and period. Coordinators, admins, service role (enforced by RLS). Errors: 22004, 22023, 42501, P0002 (no such snapshot).';


--
-- Name: edit_activity(uuid, uuid, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] DEFAULT '{}'::uuid[], anonymous_participants integer DEFAULT 0, municipality_code text DEFAULT NULL::text, municipality_code_version text DEFAULT NULL::text, in_norway boolean DEFAULT true) RETURNS public.activity_registration
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => edit_activity.org_id);
  existing public.activity_registration;
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(edit_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(edit_activity.participant_ids) p);
  added_mentors uuid[];
begin
  if edit_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(org_id => edit_activity.org_id, activity_id => edit_activity.activity_id);
  -- One answer for missing, deleted and unreadable: no oracle.
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', edit_activity.activity_id, edit_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors edit only the direct entries they registered' using errcode = '42501';
  end if;
  perform hidden.check_activity_fields(
    kind => edit_activity.kind, activity_date => edit_activity.activity_date,
    duration_minutes => edit_activity.duration_minutes,
    anonymous_participants => edit_activity.anonymous_participants,
    municipality_code => edit_activity.municipality_code,
    municipality_code_version => edit_activity.municipality_code_version,
    in_norway => edit_activity.in_norway, mentor_ids => edit_activity.mentor_ids,
    participant_ids => edit_activity.participant_ids);
  added_mentors := array(select m from pg_catalog.unnest(mentors) m where m <> all (existing.mentor_ids));
  -- Who may name whom: a mentor adds nobody but themselves (coordinators add co-mentors).
  if caller_role = 'peer_mentor' and added_mentors <> '{}' and added_mentors <> array[caller] then
    raise exception 'permission denied: a mentor may add only themselves as a mentor' using errcode = '42501';
  end if;
  if existing.registration_path = 'direct' and existing.registered_by <> all (mentors) then
    raise exception 'mentor_ids must keep % : a direct entry names the mentor who registered it', existing.registered_by
      using errcode = '22023';
  end if;
  -- Links already there stay allowed; new ones are checked as in a registration.
  perform hidden.check_activity_links(
    org_id => edit_activity.org_id, new_mentor_ids => added_mentors,
    new_participant_ids => array(select p from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids)));

  update public.activities a
  set kind = edit_activity.kind,
      activity_date = edit_activity.activity_date,
      duration_minutes = edit_activity.duration_minutes,
      anonymous_participants = edit_activity.anonymous_participants,
      municipality_code = edit_activity.municipality_code,
      municipality_code_version = edit_activity.municipality_code_version,
      in_norway = edit_activity.in_norway
  where a.org_id = edit_activity.org_id and a.id = edit_activity.activity_id;
  delete from public.activity_mentors am
  where am.org_id = edit_activity.org_id and am.activity_id = edit_activity.activity_id and am.mentor_id <> all (mentors);
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select edit_activity.org_id, edit_activity.activity_id, m from pg_catalog.unnest(added_mentors) m;
  delete from public.activity_participants ap
  where ap.org_id = edit_activity.org_id and ap.activity_id = edit_activity.activity_id and ap.contact_id <> all (participants);
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select edit_activity.org_id, edit_activity.activity_id, p
  from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids);
  return hidden.activity_registration(org_id => edit_activity.org_id, activity_id => edit_activity.activity_id);
end
$$;


--
-- Name: FUNCTION edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) IS 'Replaces a live activity''s fields, mentors and participants, atomically, and returns it. Mentors edit their own direct entries and add no mentor but themselves; coordinators and admins edit any. Errors: 22004, 22023, 42501, 23503, P0002 (missing, deleted or unreadable).';


--
-- Name: end_mentor_active_period(uuid, uuid, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) RETURNS public.mentor_active_periods
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  target public.mentor_active_periods;
  overlapping public.mentor_active_periods;
  ended public.mentor_active_periods;
begin
  if end_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.period_id is null then
    raise exception 'period_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.active_to is null then
    raise exception 'active_to must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => end_mentor_active_period.org_id, roles => '{coordinator,admin}');
  select p.* into target from public.mentor_active_periods p
  where p.org_id = end_mentor_active_period.org_id and p.id = end_mentor_active_period.period_id
  for update;
  if target.id is null then
    raise exception 'no active period % in organisation %', end_mentor_active_period.period_id, end_mentor_active_period.org_id
      using errcode = 'P0002';
  elsif end_mentor_active_period.active_to < target.active_from then
    raise exception 'active_to (%) must not be before the period''s start (%)', end_mentor_active_period.active_to, target.active_from
      using errcode = '22023';
  elsif end_mentor_active_period.active_to > pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_to must not be after the end of next year' using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = target.org_id and p.mentor_id = target.mentor_id and p.id <> target.id
    and daterange(p.active_from, p.active_to, '[]') && daterange(target.active_from, end_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  update public.mentor_active_periods p set active_to = end_mentor_active_period.active_to
  where p.org_id = target.org_id and p.id = target.id
  returning p.* into ended;
  return ended;
end
$$;


--
-- Name: FUNCTION end_mentor_active_period(org_id uuid, period_id uuid, active_to date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) IS 'Sets the last active day of a mentor''s period (ending an open one, or moving a set end); the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (an end before the start or after next year, an overlap with another period), 42501, P0002 (no such period).';


--
-- Name: explain_activities(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.explain_activities(org_id uuid, period_start date, period_end date) RETURNS SETOF public.activity_verdict
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.explain_entries(org_id => explain_activities.org_id, period_start => explain_activities.period_start,
                                       period_end => explain_activities.period_end, only_activity => null)
$$;


--
-- Name: FUNCTION explain_activities(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.explain_activities(org_id uuid, period_start date, period_end date) IS 'Each entry of an inclusive period the caller may read (soft-deleted ones too, where readable), by date and registration: whether it counts and the counting rule that decided it, classified as the figures of that period classify it (the rules in force on period_start). Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';


--
-- Name: explain_activity(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.explain_activity(org_id uuid, activity_id uuid) RETURNS public.activity_verdict
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  explained public.activity_verdict;
  activity_day date;
begin
  if explain_activity.org_id is null or explain_activity.activity_id is null then
    raise exception '% must not be null', case when explain_activity.org_id is null then 'org_id' else 'activity_id' end
      using errcode = '22004';
  end if;
  -- Its date as the caller may read it (row-level security): an activity they
  -- cannot read is missing.
  select a.activity_date into activity_day from public.activities a
  where a.org_id = explain_activity.org_id and a.id = explain_activity.activity_id;
  if activity_day is not null then
    select * into explained
    from hidden.explain_entries(org_id => explain_activity.org_id, period_start => activity_day, period_end => activity_day,
                                only_activity => explain_activity.activity_id);
  end if;
  if explained.activity_id is null then
    -- A member is told only that it is missing; a non-member is refused.
    if not hidden.is_service_role_request() then
      perform hidden.caller_membership(org_id => explain_activity.org_id);
    end if;
    raise exception 'no activity % the caller may read in organisation %', explain_activity.activity_id, explain_activity.org_id
      using errcode = 'P0002';
  end if;
  return explained;
end
$$;


--
-- Name: FUNCTION explain_activity(org_id uuid, activity_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.explain_activity(org_id uuid, activity_id uuid) IS 'One activity the caller may read: whether it counts and the counting rule that decided it (its own day classified under the rules in force on its date). Members and the service role. Errors: 22004, 42501 (not a member), P0002 (missing or unreadable, or no rules in force).';


--
-- Name: export_bufdir_report(uuid, date, date, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean DEFAULT false) RETURNS public.bufdir_export_audit_log
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.export_bufdir_report(org_id => export_bufdir_report.org_id,
                                            period_start => export_bufdir_report.period_start,
    period_end => export_bufdir_report.period_end, refresh => export_bufdir_report.refresh)
$$;


--
-- Name: FUNCTION export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) IS 'Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';


--
-- Name: generate_periodic_summaries(uuid, public.summary_period_type, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) RETURNS SETOF public.periodic_summaries
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.generate_periodic_summaries(org_id => generate_periodic_summaries.org_id,
                                                   period_type => generate_periodic_summaries.period_type,
                                                   period_start => generate_periodic_summaries.period_start)
$$;


--
-- Name: FUNCTION generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) IS 'Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';


--
-- Name: get_metric_snapshot(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.get_metric_snapshot(org_id uuid, period_start date, period_end date) RETURNS SETOF public.bufdir_metric_snapshots
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform hidden.check_snapshot_key(org_id => get_metric_snapshot.org_id, period_start => get_metric_snapshot.period_start,
                                    period_end => get_metric_snapshot.period_end);
  perform hidden.require_role(org_id => get_metric_snapshot.org_id);
  -- One lookup on the unique index; never aggregates.
  return query
    select s.* from public.bufdir_metric_snapshots s
    where s.org_id = get_metric_snapshot.org_id
      and s.period_start = get_metric_snapshot.period_start
      and s.period_end = get_metric_snapshot.period_end;
end
$$;


--
-- Name: FUNCTION get_metric_snapshot(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.get_metric_snapshot(org_id uuid, period_start date, period_end date) IS 'The cached snapshot for an organisation and inclusive period: zero or one row. Any member. Errors: 22004, 22023, 42501.';


--
-- Name: invalidate_periodic_summaries(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.invalidate_periodic_summaries(org_id => invalidate_periodic_summaries.org_id,
                                              period_start => invalidate_periodic_summaries.period_start,
                                              period_end => invalidate_periodic_summaries.period_end)
$$;


--
-- Name: FUNCTION invalidate_periodic_summaries(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) IS 'Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';


--
-- Name: list_activities(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_activities(org_id uuid, period_start date, period_end date) RETURNS SETOF public.activity_registration
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    AS $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
begin
  perform hidden.check_snapshot_key(org_id => list_activities.org_id, period_start => list_activities.period_start,
                                    period_end => list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(org_id => list_activities.org_id);
  end if;
  return query
  with period as materialized (
    select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
           a.registered_by, a.created_at, a.updated_at, a.deleted_at
    from public.activities a
    where a.org_id = list_activities.org_id
      and a.activity_date between list_activities.period_start and list_activities.period_end
      and a.deleted_at is null
  ),
  mentors as (
    select p.id, pg_catalog.array_agg(am.mentor_id order by am.mentor_id) as ids
    from period p
    join public.activity_mentors am on am.org_id = p.org_id and am.activity_id = p.id
    group by p.id
  ),
  participants as (
    select p.id, pg_catalog.array_agg(ap.contact_id order by ap.contact_id) as ids
    from period p
    join public.activity_participants ap on ap.org_id = p.org_id and ap.activity_id = p.id
    group by p.id
  )
  select p.org_id, p.id, p.kind, p.activity_date, p.duration_minutes, p.anonymous_participants,
         p.municipality_code, p.municipality_code_version, p.in_norway, p.registration_path,
         p.registered_by, p.created_at, p.updated_at, p.deleted_at,
         coalesce(m.ids, '{}'::uuid[]), coalesce(pa.ids, '{}'::uuid[])
  from period p
  left join mentors m on m.id = p.id
  left join participants pa on pa.id = p.id
  order by p.activity_date, p.created_at, p.id;
end
$$;


--
-- Name: FUNCTION list_activities(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_activities(org_id uuid, period_start date, period_end date) IS 'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with sorted mentor and participant ids, in one set-based query under row-level security. Members and the service role. Errors: 22004, 22023, 42501.';


--
-- Name: list_contacts(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_contacts(org_id uuid) RETURNS SETOF public.contacts
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if list_contacts.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  if not hidden.is_service_role_request() then
    perform hidden.caller_membership(org_id => list_contacts.org_id);
  end if;
  -- Row-level security decides which contacts: coordinators and admins all,
  -- mentors the ones they registered or met.
  return query
    select c.* from public.contacts c
    where c.org_id = list_contacts.org_id and c.deleted_at is null
    order by pg_catalog.lower(c.full_name), c.id;
end
$$;


--
-- Name: FUNCTION list_contacts(org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_contacts(org_id uuid) IS 'The live contacts of the organisation the caller may read, by name: coordinators, admins and the service role all; an approved mentor those they registered or met; a pending mentor those they registered. Errors: 22004, 42501.';


--
-- Name: list_held_activities(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_held_activities(org_id uuid, period_start date, period_end date) RETURNS SETOF public.held_activity
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.list_held_activities(org_id => list_held_activities.org_id,
                                            period_start => list_held_activities.period_start,
                                            period_end => list_held_activities.period_end)
$$;


--
-- Name: FUNCTION list_held_activities(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_held_activities(org_id uuid, period_start date, period_end date) IS 'The live, unconfirmed activities of the period that exceed the organisation''s review limits, with the limits each exceeds, by date; coordinators and admins of the organisation. Errors: 22004, 22023 (the period), 42501.';


--
-- Name: list_member_names(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_member_names(org_id uuid) RETURNS TABLE(user_id uuid, display_name text, email text, role public.member_role)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.list_member_names(org_id => list_member_names.org_id)
$$;


--
-- Name: FUNCTION list_member_names(org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_member_names(org_id uuid) IS 'The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role; a revoked member''s row shows their name only (display_name from their metadata or ''former member'', email null). Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';


--
-- Name: list_members(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_members(org_id uuid) RETURNS SETOF public.membership
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.list_members(org_id => list_members.org_id)
$$;


--
-- Name: FUNCTION list_members(org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_members(org_id uuid) IS 'The organisation''s members with e-mail, display name, role and approval status (admins first, then coordinators, then mentors); a revoked member''s e-mail is null. Approved members (the roster they may read already) and the service role. Errors: 22004, 42501.';


--
-- Name: list_mentor_active_periods(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_mentor_active_periods(org_id uuid) RETURNS SETOF public.mentor_active_periods
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if list_mentor_active_periods.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_mentor_active_periods.org_id);
  -- Row-level security decides: coordinators and admins read every period, a mentor their own.
  return query
    select p.* from public.mentor_active_periods p
    where p.org_id = list_mentor_active_periods.org_id
    order by p.mentor_id, p.active_from;
end
$$;


--
-- Name: FUNCTION list_mentor_active_periods(org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_mentor_active_periods(org_id uuid) IS 'The active periods of the organisation''s mentors the caller may read (coordinators, admins and the service role all; an approved mentor their own), by mentor and start. Errors: 22004, 42501.';


--
-- Name: list_organisations(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_organisations() RETURNS TABLE(id uuid, name text, created_at timestamp with time zone, role public.member_role, approval_status public.approval_status)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- Row-level security decides which organisations and memberships are read:
  -- a member's own (approved or pending), everything for the service role.
  select o.id, o.name, o.created_at, m.role, m.approval_status
  from public.organisations o
  left join public.members m on m.org_id = o.id and m.user_id = (select hidden.request_user_id())
  order by o.name, o.id
$$;


--
-- Name: FUNCTION list_organisations(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_organisations() IS 'The organisations the caller may read (approved and pending members their own; the service role all), by name, each with the caller''s role and approval status there (null for the service role).';


--
-- Name: list_periodic_summaries_since(uuid, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_periodic_summaries_since(org_id uuid, since_cursor text DEFAULT NULL::text, page_size integer DEFAULT 500) RETURNS TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.list_periodic_summaries_since(org_id => list_periodic_summaries_since.org_id,
                                                     since_cursor => list_periodic_summaries_since.since_cursor,
                                                     page_size => list_periodic_summaries_since.page_size)
$$;


--
-- Name: FUNCTION list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) IS 'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';


--
-- Name: metric_snapshot_status(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.metric_snapshot_status(org_id uuid, period_start date, period_end date) RETURNS public.metric_snapshot_status
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.metric_snapshot_status(org_id => metric_snapshot_status.org_id,
                                              period_start => metric_snapshot_status.period_start,
                                              period_end => metric_snapshot_status.period_end)
$$;


--
-- Name: FUNCTION metric_snapshot_status(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.metric_snapshot_status(org_id uuid, period_start date, period_end date) IS 'Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) is null for mentors. Errors: 22004, 22023, 42501.';


--
-- Name: refresh_metric_snapshot(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) RETURNS public.bufdir_metric_snapshots
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.refresh_metric_snapshot(org_id => refresh_metric_snapshot.org_id,
                                               period_start => refresh_metric_snapshot.period_start,
                                               period_end => refresh_metric_snapshot.period_end)
$$;


--
-- Name: FUNCTION refresh_metric_snapshot(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) IS 'Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';


--
-- Name: register_activity(uuid, public.registration_path, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] DEFAULT '{}'::uuid[], anonymous_participants integer DEFAULT 0, municipality_code text DEFAULT NULL::text, municipality_code_version text DEFAULT NULL::text, in_norway boolean DEFAULT true) RETURNS public.activity_registration
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => register_activity.org_id);
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(register_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(register_activity.participant_ids) p);
  new_id uuid;
begin
  if register_activity.registration_path is null then
    raise exception 'registration_path must not be null' using errcode = '22004';
  end if;
  perform hidden.check_activity_fields(
    kind => register_activity.kind, activity_date => register_activity.activity_date,
    duration_minutes => register_activity.duration_minutes,
    anonymous_participants => register_activity.anonymous_participants,
    municipality_code => register_activity.municipality_code,
    municipality_code_version => register_activity.municipality_code_version,
    in_norway => register_activity.in_norway, mentor_ids => register_activity.mentor_ids,
    participant_ids => register_activity.participant_ids);
  if register_activity.registration_path = 'direct' then
    if caller_role <> 'peer_mentor' then
      raise exception 'permission denied: direct entries are registered by peer mentors; coordinators and admins register proxy or bulk entries'
        using errcode = '42501';
    end if;
    -- Who may name whom: in their own entry a mentor names only themselves.
    if mentors <> array[caller] then
      raise exception 'permission denied: in a direct entry the registering mentor is the only mentor they may name'
        using errcode = '42501';
    end if;
  elsif caller_role not in ('coordinator', 'admin') then
    raise exception 'permission denied: % entries are registered by coordinators and admins', register_activity.registration_path
      using errcode = '42501';
  end if;
  perform hidden.check_activity_links(org_id => register_activity.org_id, new_mentor_ids => mentors,
                                      new_participant_ids => participants);

  insert into public.activities as a
    (org_id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code,
     municipality_code_version, in_norway, registration_path, registered_by)
  values (register_activity.org_id, register_activity.kind, register_activity.activity_date,
          register_activity.duration_minutes, register_activity.anonymous_participants,
          register_activity.municipality_code, register_activity.municipality_code_version,
          register_activity.in_norway, register_activity.registration_path, caller)
  returning a.id into new_id;
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select register_activity.org_id, new_id, m from pg_catalog.unnest(mentors) m;
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select register_activity.org_id, new_id, p from pg_catalog.unnest(participants) p;
  return hidden.activity_registration(org_id => register_activity.org_id, activity_id => new_id);
end
$$;


--
-- Name: FUNCTION register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) IS 'Registers one activity with its mentors and known participants, atomically, as the calling member, and returns it. direct: peer mentors, naming only themselves; proxy and bulk: coordinators and admins. Errors: 22004, 22023, 42501, 23503 (a mentor who is not a member, a contact that does not exist or the caller cannot read).';


--
-- Name: save_metric_snapshot(uuid, date, date, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) RETURNS public.bufdir_metric_snapshots
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.save_metric_snapshot(org_id => save_metric_snapshot.org_id,
                                            period_start => save_metric_snapshot.period_start,
                                            period_end => save_metric_snapshot.period_end,
                                            snapshot_json => save_metric_snapshot.snapshot_json)
$$;


--
-- Name: FUNCTION save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) IS 'Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';


--
-- Name: set_member_status(uuid, uuid, public.approval_status); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) RETURNS public.membership
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.set_member_status(org_id => set_member_status.org_id, user_id => set_member_status.user_id,
                                  approval_status => set_member_status.approval_status)
$$;


--
-- Name: FUNCTION set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) IS 'Approves or revokes a membership (approved again after a revocation reinstates it). Admins any member, coordinators peer mentors; nobody their own; the service role any. The organisation''s figures turn stale when the status changes. Errors: 22004, 22023 (pending), 42501, P0002 (not a member).';


--
-- Name: set_review_limits(uuid, integer, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_review_limits(org_id uuid, max_minutes_per_activity integer DEFAULT NULL::integer, max_anonymous_participants integer DEFAULT NULL::integer, max_known_participants integer DEFAULT NULL::integer) RETURNS public.organisation_review_limits
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.set_review_limits(org_id => set_review_limits.org_id,
                                  max_minutes_per_activity => set_review_limits.max_minutes_per_activity,
                                  max_anonymous_participants => set_review_limits.max_anonymous_participants,
                                  max_known_participants => set_review_limits.max_known_participants)
$$;


--
-- Name: FUNCTION set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) IS 'Sets the organisation''s review limits (null: no limit), replacing all three; admins of the organisation only. Entries above a limit are held out of the figures until confirmed; the organisation''s figures become stale. Errors: 22004, 22023, 42501.';


--
-- Name: set_summaries_enabled(uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_summaries_enabled(org_id uuid, enabled boolean) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select hidden.set_summaries_enabled(org_id => set_summaries_enabled.org_id, enabled => set_summaries_enabled.enabled)
$$;


--
-- Name: FUNCTION set_summaries_enabled(org_id uuid, enabled boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_summaries_enabled(org_id uuid, enabled boolean) IS 'Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';


--
-- Name: verify_metric_snapshot(uuid, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) RETURNS TABLE(figure text, persisted_value jsonb, recomputed_value jsonb)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from hidden.verify_metric_snapshot(org_id => verify_metric_snapshot.org_id,
                                              period_start => verify_metric_snapshot.period_start,
                                              period_end => verify_metric_snapshot.period_end)
$$;


--
-- Name: FUNCTION verify_metric_snapshot(org_id uuid, period_start date, period_end date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) IS 'Recomputes the figures and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';


--
-- Name: users; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.users (
    id uuid NOT NULL,
    email text,
    role text DEFAULT 'authenticated'::text NOT NULL,
    aud text DEFAULT 'authenticated'::text NOT NULL,
    raw_app_meta_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    raw_user_meta_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE users; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.users IS 'Minimal stand-in for Supabase Auth''s users table (local engines only).';


--
-- Name: schema_migrations; Type: TABLE; Schema: dbmate; Owner: -
--

CREATE TABLE dbmate.schema_migrations (
    version character varying(128) NOT NULL
);


--
-- Name: activity_day_stats; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.activity_day_stats (
    org_id uuid NOT NULL,
    day date NOT NULL,
    live_activities bigint DEFAULT 0 NOT NULL,
    last_change_xid xid8 NOT NULL,
    last_change_seq bigint NOT NULL
);


--
-- Name: TABLE activity_day_stats; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.activity_day_stats IS 'Per organisation and day: live activities, and the last transaction that changed anything counted on that day.';


--
-- Name: change_seq; Type: SEQUENCE; Schema: private; Owner: -
--

CREATE SEQUENCE private.change_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE change_seq; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON SEQUENCE private.change_seq IS 'Orders changes and generations made within one transaction.';


--
-- Name: contact_days; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.contact_days (
    org_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    days datemultirange NOT NULL
);


--
-- Name: TABLE contact_days; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.contact_days IS 'The days a contact took part in an activity of the organisation (not a merged proxy twin), as stored with the day partials; trusted only for days whose partials are stored and fresh.';


--
-- Name: day_cells; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.day_cells (
    org_id uuid NOT NULL,
    day date NOT NULL,
    kind public.activity_kind NOT NULL,
    path public.registration_path NOT NULL,
    county text NOT NULL,
    activity_days bigint NOT NULL,
    activities bigint NOT NULL,
    duplicates bigint NOT NULL,
    participations bigint NOT NULL,
    lower_bound boolean NOT NULL,
    minutes bigint NOT NULL
);


--
-- Name: TABLE day_cells; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.day_cells IS 'The organisation''s additive figures of one day, per activity kind, registration path and county.';


--
-- Name: day_left_out; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.day_left_out (
    org_id uuid NOT NULL,
    day date NOT NULL,
    reason public.left_out_reason NOT NULL,
    entries bigint NOT NULL
);


--
-- Name: TABLE day_left_out; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.day_left_out IS 'How many of the organisation''s entries of one day are left out of every figure, per reason.';


--
-- Name: day_partial_locks; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.day_partial_locks (
    org_id uuid NOT NULL
);


--
-- Name: TABLE day_partial_locks; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.day_partial_locks IS 'One row per organisation whose row lock serialises rebuilds of its day partials (private.refresh_day_partials takes it FOR UPDATE until the transaction ends). Nobody but the owner may read or lock it.';


--
-- Name: day_partials; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.day_partials (
    org_id uuid NOT NULL,
    day date NOT NULL,
    rule_version text NOT NULL,
    change_xid xid8 NOT NULL,
    change_seq bigint NOT NULL,
    roster_xid xid8,
    roster_seq bigint
);


--
-- Name: TABLE day_partials; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.day_partials IS 'One row per (organisation, day) whose partial figures are stored: the activity_day_stats and roster_changes markers and the rule version they reflect.';


--
-- Name: mentor_days; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.mentor_days (
    org_id uuid NOT NULL,
    mentor_id uuid NOT NULL,
    days datemultirange NOT NULL
);


--
-- Name: TABLE mentor_days; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.mentor_days IS 'The days a mentor was an active, approved mentor of a counting activity of the organisation, as stored with the day partials; trusted only for days whose partials are stored and fresh.';


--
-- Name: mentor_write_locks; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.mentor_write_locks (
    org_id uuid NOT NULL,
    mentor_id uuid NOT NULL
);


--
-- Name: TABLE mentor_write_locks; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.mentor_write_locks IS 'Per organisation and mentor: a row whose lock serialises the writers of that mentor''s activities while the per-mentor-day limit is checked. Owner only.';


--
-- Name: roster_changes; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.roster_changes (
    org_id uuid NOT NULL,
    last_change_xid xid8 NOT NULL,
    last_change_seq bigint NOT NULL
);


--
-- Name: TABLE roster_changes; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.roster_changes IS 'Per organisation: the last transaction that changed a membership, approval or active period.';


--
-- Name: snapshot_generations; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.snapshot_generations (
    org_id uuid NOT NULL,
    snapshot_id uuid NOT NULL,
    generation_snapshot pg_snapshot NOT NULL,
    generation_xid xid8 NOT NULL,
    generation_seq bigint NOT NULL
);


--
-- Name: TABLE snapshot_generations; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.snapshot_generations IS 'For each snapshot, the MVCC snapshot its figures were computed in (for the staleness check).';


--
-- Name: summaries_switches; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.summaries_switches (
    org_id uuid NOT NULL,
    enabled boolean NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE summaries_switches; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.summaries_switches IS 'Feature switch for periodic summaries. The all-zero org_id is the global switch; no row means enabled.';


--
-- Name: summary_changes; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.summary_changes (
    org_id uuid NOT NULL,
    change_id bigint NOT NULL,
    summary_id uuid NOT NULL,
    mentor_id uuid,
    operation text NOT NULL,
    writer_xid xid8 DEFAULT pg_current_xact_id() NOT NULL,
    CONSTRAINT summary_changes_operation_check CHECK ((operation = ANY (ARRAY['upsert'::text, 'delete'::text])))
);


--
-- Name: TABLE summary_changes; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.summary_changes IS 'Every insert, update and delete of a periodic summary, with its writer''s transaction id (the sync cursor).';


--
-- Name: summary_changes_change_id_seq; Type: SEQUENCE; Schema: private; Owner: -
--

ALTER TABLE private.summary_changes ALTER COLUMN change_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.summary_changes_change_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: summary_horizons; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.summary_horizons (
    org_id uuid NOT NULL
);


--
-- Name: TABLE summary_horizons; Type: COMMENT; Schema: private; Owner: -
--

COMMENT ON TABLE private.summary_horizons IS 'One row per organisation whose row lock is the delta-sync horizon: summary writers hold it FOR SHARE until they commit, the sync reader takes it FOR UPDATE. Rows are made on demand; nobody but the owner may read or lock them.';


--
-- Name: activities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activities (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind public.activity_kind NOT NULL,
    activity_date date NOT NULL,
    duration_minutes integer NOT NULL,
    anonymous_participants integer DEFAULT 0 NOT NULL,
    municipality_code text,
    municipality_code_version text,
    in_norway boolean DEFAULT true NOT NULL,
    registration_path public.registration_path NOT NULL,
    registered_by uuid DEFAULT hidden.request_user_id() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    review_confirmed_at timestamp with time zone,
    review_confirmed_by uuid,
    CONSTRAINT activities_activity_date_check CHECK ((activity_date >= '2000-01-01'::date)),
    CONSTRAINT activities_anonymous_participants_check CHECK (((anonymous_participants >= 0) AND (anonymous_participants <= 100000))),
    CONSTRAINT activities_check CHECK (((municipality_code IS NULL) = (municipality_code_version IS NULL))),
    CONSTRAINT activities_duration_minutes_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT activities_municipality_code_check CHECK ((municipality_code ~ '^[0-9]{4}$'::text)),
    CONSTRAINT activities_municipality_code_version_check CHECK ((municipality_code_version ~ '^[0-9]{4}$'::text)),
    CONSTRAINT activities_review_confirmed_check CHECK (((review_confirmed_at IS NULL) = (review_confirmed_by IS NULL)))
);


--
-- Name: TABLE activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.activities IS 'One registered activity on one day. Soft-deleted rows (deleted_at set) are kept and never counted.';


--
-- Name: COLUMN activities.duration_minutes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.activities.duration_minutes IS 'Whole minutes: exact, and safe as a JSON number.';


--
-- Name: COLUMN activities.anonymous_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.activities.anonymous_participants IS 'Participants not registered as contacts (a head count). Gives only a lower bound on unique participants.';


--
-- Name: COLUMN activities.registered_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.activities.registered_by IS 'The user who registered it: the mentor (direct) or a coordinator (proxy, bulk).';


--
-- Name: COLUMN activities.review_confirmed_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.activities.review_confirmed_at IS 'When a coordinator or admin confirmed the entry despite its organisation''s review limits (confirm_activity); cleared when its counted values or participants change.';


--
-- Name: COLUMN activities.review_confirmed_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.activities.review_confirmed_by IS 'Who confirmed the entry (confirm_activity).';


--
-- Name: activity_mentors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activity_mentors (
    org_id uuid NOT NULL,
    activity_id uuid NOT NULL,
    mentor_id uuid NOT NULL
);


--
-- Name: TABLE activity_mentors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.activity_mentors IS 'The mentors who took part in an activity (one or more).';


--
-- Name: activity_participants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activity_participants (
    org_id uuid NOT NULL,
    activity_id uuid NOT NULL,
    contact_id uuid NOT NULL
);


--
-- Name: TABLE activity_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.activity_participants IS 'The known contacts who took part in an activity.';


--
-- Name: members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.members (
    org_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role public.member_role NOT NULL,
    approval_status public.approval_status DEFAULT 'pending'::public.approval_status NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.members IS 'Who belongs to which organisation, with one role each. A person may hold different roles in different organisations.';


--
-- Name: summary_job_failures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.summary_job_failures (
    org_id uuid NOT NULL,
    id bigint NOT NULL,
    as_of date NOT NULL,
    period_type public.summary_period_type,
    period_start date,
    sqlstate text NOT NULL,
    message text NOT NULL,
    failed_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE summary_job_failures; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.summary_job_failures IS 'Organisations the scheduled summary job could not serve: which run (as_of), the period it was generating (null when the failure came from outside the generation, e.g. the organisation''s time limit), the SQLSTATE and message, and when. Written only by private.record_summary_job_failure; the service role reads it.';


--
-- Name: summary_job_failures_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.summary_job_failures ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.summary_job_failures_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: summary_push_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.summary_push_outbox (
    org_id uuid NOT NULL,
    id bigint NOT NULL,
    event text NOT NULL,
    mentor_id uuid,
    period_type public.summary_period_type NOT NULL,
    period_start date NOT NULL,
    version integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    CONSTRAINT summary_push_outbox_event_check CHECK ((event = ANY (ARRAY['generated'::text, 'invalidated'::text])))
);


--
-- Name: TABLE summary_push_outbox; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.summary_push_outbox IS 'Push events for a delivery worker (service role): organisation, mentor, period and version; nothing personal. Also announced with pg_notify on channel periodic_summaries.';


--
-- Name: summary_push_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.summary_push_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.summary_push_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: dbmate; Owner: -
--

ALTER TABLE ONLY dbmate.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: activity_day_stats activity_day_stats_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.activity_day_stats
    ADD CONSTRAINT activity_day_stats_pkey PRIMARY KEY (org_id, day);


--
-- Name: contact_days contact_days_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.contact_days
    ADD CONSTRAINT contact_days_pkey PRIMARY KEY (org_id, contact_id);


--
-- Name: day_cells day_cells_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_cells
    ADD CONSTRAINT day_cells_pkey PRIMARY KEY (org_id, day, kind, path, county);


--
-- Name: day_left_out day_left_out_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_left_out
    ADD CONSTRAINT day_left_out_pkey PRIMARY KEY (org_id, day, reason);


--
-- Name: day_partial_locks day_partial_locks_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_partial_locks
    ADD CONSTRAINT day_partial_locks_pkey PRIMARY KEY (org_id);


--
-- Name: day_partials day_partials_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_partials
    ADD CONSTRAINT day_partials_pkey PRIMARY KEY (org_id, day);


--
-- Name: mentor_days mentor_days_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.mentor_days
    ADD CONSTRAINT mentor_days_pkey PRIMARY KEY (org_id, mentor_id);


--
-- Name: mentor_write_locks mentor_write_locks_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.mentor_write_locks
    ADD CONSTRAINT mentor_write_locks_pkey PRIMARY KEY (org_id, mentor_id);


--
-- Name: roster_changes roster_changes_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.roster_changes
    ADD CONSTRAINT roster_changes_pkey PRIMARY KEY (org_id);


--
-- Name: snapshot_generations snapshot_generations_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.snapshot_generations
    ADD CONSTRAINT snapshot_generations_pkey PRIMARY KEY (org_id, snapshot_id);


--
-- Name: summaries_switches summaries_switches_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.summaries_switches
    ADD CONSTRAINT summaries_switches_pkey PRIMARY KEY (org_id);


--
-- Name: summary_changes summary_changes_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.summary_changes
    ADD CONSTRAINT summary_changes_pkey PRIMARY KEY (org_id, change_id);


--
-- Name: summary_horizons summary_horizons_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.summary_horizons
    ADD CONSTRAINT summary_horizons_pkey PRIMARY KEY (org_id);


--
-- Name: activities activities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_pkey PRIMARY KEY (org_id, id);


--
-- Name: activity_mentors activity_mentors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_mentors
    ADD CONSTRAINT activity_mentors_pkey PRIMARY KEY (org_id, activity_id, mentor_id);


--
-- Name: activity_participants activity_participants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_participants
    ADD CONSTRAINT activity_participants_pkey PRIMARY KEY (org_id, activity_id, contact_id);


--
-- Name: bufdir_counting_rules bufdir_counting_rules_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_counting_rules
    ADD CONSTRAINT bufdir_counting_rules_pkey PRIMARY KEY (version);


--
-- Name: bufdir_counting_rules bufdir_counting_rules_valid_from_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_counting_rules
    ADD CONSTRAINT bufdir_counting_rules_valid_from_key UNIQUE (valid_from);


--
-- Name: bufdir_export_audit_log bufdir_export_audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_export_audit_log
    ADD CONSTRAINT bufdir_export_audit_log_pkey PRIMARY KEY (org_id, id);


--
-- Name: bufdir_metric_snapshots bufdir_metric_snapshots_org_id_period_start_period_end_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_metric_snapshots
    ADD CONSTRAINT bufdir_metric_snapshots_org_id_period_start_period_end_key UNIQUE (org_id, period_start, period_end);


--
-- Name: bufdir_metric_snapshots bufdir_metric_snapshots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_metric_snapshots
    ADD CONSTRAINT bufdir_metric_snapshots_pkey PRIMARY KEY (org_id, id);


--
-- Name: contacts contacts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_pkey PRIMARY KEY (org_id, id);


--
-- Name: members members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_pkey PRIMARY KEY (org_id, user_id);


--
-- Name: mentor_active_periods mentor_active_periods_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mentor_active_periods
    ADD CONSTRAINT mentor_active_periods_pkey PRIMARY KEY (org_id, id);


--
-- Name: organisation_review_limits organisation_review_limits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation_review_limits
    ADD CONSTRAINT organisation_review_limits_pkey PRIMARY KEY (org_id);


--
-- Name: organisations organisations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_pkey PRIMARY KEY (id);


--
-- Name: periodic_summaries periodic_summaries_period_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periodic_summaries
    ADD CONSTRAINT periodic_summaries_period_key UNIQUE NULLS NOT DISTINCT (org_id, mentor_id, period_type, period_start);


--
-- Name: periodic_summaries periodic_summaries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periodic_summaries
    ADD CONSTRAINT periodic_summaries_pkey PRIMARY KEY (org_id, id);


--
-- Name: summary_job_failures summary_job_failures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_job_failures
    ADD CONSTRAINT summary_job_failures_pkey PRIMARY KEY (org_id, id);


--
-- Name: summary_push_outbox summary_push_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_push_outbox
    ADD CONSTRAINT summary_push_outbox_pkey PRIMARY KEY (org_id, id);


--
-- Name: summary_changes_cursor_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX summary_changes_cursor_idx ON private.summary_changes USING btree (org_id, writer_xid, change_id);


--
-- Name: activities_org_date_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_org_date_idx ON public.activities USING btree (org_id, activity_date);


--
-- Name: activities_registered_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_registered_by_idx ON public.activities USING btree (registered_by, org_id);


--
-- Name: activities_review_confirmed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_review_confirmed_idx ON public.activities USING btree (org_id, id) WHERE (review_confirmed_at IS NOT NULL);


--
-- Name: activity_mentors_mentor_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_mentors_mentor_idx ON public.activity_mentors USING btree (mentor_id, org_id, activity_id);


--
-- Name: activity_participants_contact_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_participants_contact_idx ON public.activity_participants USING btree (org_id, contact_id);


--
-- Name: bufdir_export_audit_log_period_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bufdir_export_audit_log_period_idx ON public.bufdir_export_audit_log USING btree (org_id, period_start, period_end, exported_at);


--
-- Name: bufdir_metric_snapshots_rule_version_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bufdir_metric_snapshots_rule_version_idx ON public.bufdir_metric_snapshots USING btree (rule_version);


--
-- Name: contacts_created_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX contacts_created_by_idx ON public.contacts USING btree (created_by, org_id);


--
-- Name: members_user_id_org_id_role_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX members_user_id_org_id_role_idx ON public.members USING btree (user_id, org_id, role);


--
-- Name: mentor_active_periods_mentor_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mentor_active_periods_mentor_idx ON public.mentor_active_periods USING btree (org_id, mentor_id, active_from);


--
-- Name: summary_job_failures_as_of_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX summary_job_failures_as_of_idx ON public.summary_job_failures USING btree (as_of, org_id);


--
-- Name: summary_push_outbox_pending_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX summary_push_outbox_pending_idx ON public.summary_push_outbox USING btree (org_id, delivered_at, id);


--
-- Name: summary_push_outbox announce_push; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER announce_push AFTER INSERT ON public.summary_push_outbox REFERENCING NEW TABLE AS queued FOR EACH STATEMENT EXECUTE FUNCTION private.announce_summary_push();


--
-- Name: activities check_limits_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_limits_insert AFTER INSERT ON public.activities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.check_activity_limits();


--
-- Name: activity_participants check_limits_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_limits_insert AFTER INSERT ON public.activity_participants REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.check_known_participant_limit();


--
-- Name: activities check_limits_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_limits_update AFTER UPDATE ON public.activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.check_activity_limits();


--
-- Name: activity_mentors check_mentor_day_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_mentor_day_insert AFTER INSERT ON public.activity_mentors REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.check_mentor_day_links();


--
-- Name: activities check_mentor_day_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_mentor_day_update AFTER UPDATE ON public.activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.check_mentor_day_changes();


--
-- Name: activity_participants clear_review_confirmation_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER clear_review_confirmation_delete AFTER DELETE ON public.activity_participants REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.clear_review_confirmation();


--
-- Name: activity_participants clear_review_confirmation_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER clear_review_confirmation_insert AFTER INSERT ON public.activity_participants REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.clear_review_confirmation();


--
-- Name: organisations create_day_partial_lock; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER create_day_partial_lock AFTER INSERT ON public.organisations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.create_day_partial_lock();


--
-- Name: organisations create_summary_horizon; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER create_summary_horizon AFTER INSERT ON public.organisations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.create_summary_horizon();


--
-- Name: activities forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.activities FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


--
-- Name: bufdir_metric_snapshots forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.bufdir_metric_snapshots FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


--
-- Name: contacts forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.contacts FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


--
-- Name: members forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.members FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


--
-- Name: mentor_active_periods forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.mentor_active_periods FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


--
-- Name: organisation_review_limits forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.organisation_review_limits FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


--
-- Name: periodic_summaries forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.periodic_summaries FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


--
-- Name: activities guard_review_confirmation_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_review_confirmation_insert BEFORE INSERT ON public.activities FOR EACH ROW WHEN (((new.review_confirmed_at IS NOT NULL) OR (new.review_confirmed_by IS NOT NULL))) EXECUTE FUNCTION private.guard_review_confirmation();


--
-- Name: activities guard_review_confirmation_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_review_confirmation_update BEFORE UPDATE ON public.activities FOR EACH ROW WHEN (((old.review_confirmed_at IS NOT NULL) OR (new.review_confirmed_at IS NOT NULL) OR (old.review_confirmed_by IS NOT NULL) OR (new.review_confirmed_by IS NOT NULL))) EXECUTE FUNCTION private.guard_review_confirmation();


--
-- Name: activities record_changes_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_delete AFTER DELETE ON public.activities REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_activity_changes();


--
-- Name: activity_mentors record_changes_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_delete AFTER DELETE ON public.activity_mentors REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_activity_link_changes();


--
-- Name: activity_participants record_changes_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_delete AFTER DELETE ON public.activity_participants REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_activity_link_changes();


--
-- Name: members record_changes_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_delete AFTER DELETE ON public.members REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: mentor_active_periods record_changes_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_delete AFTER DELETE ON public.mentor_active_periods REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: organisation_review_limits record_changes_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_delete AFTER DELETE ON public.organisation_review_limits REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: periodic_summaries record_changes_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_delete AFTER DELETE ON public.periodic_summaries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_summary_changes();


--
-- Name: activities record_changes_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_insert AFTER INSERT ON public.activities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_activity_changes();


--
-- Name: activity_mentors record_changes_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_insert AFTER INSERT ON public.activity_mentors REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_activity_link_changes();


--
-- Name: activity_participants record_changes_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_insert AFTER INSERT ON public.activity_participants REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_activity_link_changes();


--
-- Name: members record_changes_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_insert AFTER INSERT ON public.members REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: mentor_active_periods record_changes_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_insert AFTER INSERT ON public.mentor_active_periods REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: organisation_review_limits record_changes_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_insert AFTER INSERT ON public.organisation_review_limits REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: periodic_summaries record_changes_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_insert AFTER INSERT ON public.periodic_summaries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_summary_changes();


--
-- Name: activities record_changes_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_update AFTER UPDATE ON public.activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_activity_changes();


--
-- Name: members record_changes_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_update AFTER UPDATE ON public.members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: mentor_active_periods record_changes_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_update AFTER UPDATE ON public.mentor_active_periods REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: organisation_review_limits record_changes_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_update AFTER UPDATE ON public.organisation_review_limits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_roster_changes();


--
-- Name: periodic_summaries record_changes_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER record_changes_update AFTER UPDATE ON public.periodic_summaries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.record_summary_changes();


--
-- Name: bufdir_export_audit_log refuse_audit_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_audit_change BEFORE DELETE OR UPDATE ON public.bufdir_export_audit_log FOR EACH ROW EXECUTE FUNCTION private.refuse_audit_change();


--
-- Name: bufdir_export_audit_log refuse_audit_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_audit_truncate BEFORE TRUNCATE ON public.bufdir_export_audit_log FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_audit_change();


--
-- Name: bufdir_counting_rules refuse_rule_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_rule_change BEFORE DELETE OR UPDATE ON public.bufdir_counting_rules FOR EACH ROW EXECUTE FUNCTION private.refuse_rule_change();


--
-- Name: bufdir_metric_snapshots reject_pii_in_figures; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reject_pii_in_figures BEFORE INSERT OR UPDATE OF snapshot_json ON public.bufdir_metric_snapshots FOR EACH ROW EXECUTE FUNCTION private.reject_pii_in_figures('snapshot_json');


--
-- Name: periodic_summaries reject_pii_in_figures; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reject_pii_in_figures BEFORE INSERT OR UPDATE OF summary_data ON public.periodic_summaries FOR EACH ROW EXECUTE FUNCTION private.reject_pii_in_figures('summary_data');


--
-- Name: bufdir_metric_snapshots stamp_snapshot; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER stamp_snapshot BEFORE INSERT OR UPDATE ON public.bufdir_metric_snapshots FOR EACH ROW EXECUTE FUNCTION private.stamp_snapshot();


--
-- Name: activities touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.activities FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: contacts touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.contacts FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: members touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.members FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: organisation_review_limits touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.organisation_review_limits FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: organisations touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.organisations FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: contact_days contact_days_org_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.contact_days
    ADD CONSTRAINT contact_days_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: day_cells day_cells_org_id_day_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_cells
    ADD CONSTRAINT day_cells_org_id_day_fkey FOREIGN KEY (org_id, day) REFERENCES private.day_partials(org_id, day) ON DELETE CASCADE;


--
-- Name: day_left_out day_left_out_org_id_day_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_left_out
    ADD CONSTRAINT day_left_out_org_id_day_fkey FOREIGN KEY (org_id, day) REFERENCES private.day_partials(org_id, day) ON DELETE CASCADE;


--
-- Name: day_partial_locks day_partial_locks_org_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_partial_locks
    ADD CONSTRAINT day_partial_locks_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: day_partials day_partials_org_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.day_partials
    ADD CONSTRAINT day_partials_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: mentor_days mentor_days_org_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.mentor_days
    ADD CONSTRAINT mentor_days_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: snapshot_generations snapshot_generations_org_id_snapshot_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.snapshot_generations
    ADD CONSTRAINT snapshot_generations_org_id_snapshot_id_fkey FOREIGN KEY (org_id, snapshot_id) REFERENCES public.bufdir_metric_snapshots(org_id, id) ON DELETE CASCADE;


--
-- Name: summary_horizons summary_horizons_org_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.summary_horizons
    ADD CONSTRAINT summary_horizons_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: activities activities_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: activities activities_registered_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_registered_by_fkey FOREIGN KEY (registered_by) REFERENCES auth.users(id);


--
-- Name: activity_mentors activity_mentors_org_id_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_mentors
    ADD CONSTRAINT activity_mentors_org_id_activity_id_fkey FOREIGN KEY (org_id, activity_id) REFERENCES public.activities(org_id, id) ON DELETE CASCADE;


--
-- Name: activity_mentors activity_mentors_org_id_mentor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_mentors
    ADD CONSTRAINT activity_mentors_org_id_mentor_id_fkey FOREIGN KEY (org_id, mentor_id) REFERENCES public.members(org_id, user_id);


--
-- Name: activity_participants activity_participants_org_id_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_participants
    ADD CONSTRAINT activity_participants_org_id_activity_id_fkey FOREIGN KEY (org_id, activity_id) REFERENCES public.activities(org_id, id) ON DELETE CASCADE;


--
-- Name: activity_participants activity_participants_org_id_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_participants
    ADD CONSTRAINT activity_participants_org_id_contact_id_fkey FOREIGN KEY (org_id, contact_id) REFERENCES public.contacts(org_id, id);


--
-- Name: bufdir_export_audit_log bufdir_export_audit_log_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_export_audit_log
    ADD CONSTRAINT bufdir_export_audit_log_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id);


--
-- Name: bufdir_metric_snapshots bufdir_metric_snapshots_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_metric_snapshots
    ADD CONSTRAINT bufdir_metric_snapshots_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: bufdir_metric_snapshots bufdir_metric_snapshots_rule_version_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bufdir_metric_snapshots
    ADD CONSTRAINT bufdir_metric_snapshots_rule_version_fkey FOREIGN KEY (rule_version) REFERENCES public.bufdir_counting_rules(version);


--
-- Name: contacts contacts_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id);


--
-- Name: contacts contacts_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: members members_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: members members_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: mentor_active_periods mentor_active_periods_org_id_mentor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mentor_active_periods
    ADD CONSTRAINT mentor_active_periods_org_id_mentor_id_fkey FOREIGN KEY (org_id, mentor_id) REFERENCES public.members(org_id, user_id) ON DELETE CASCADE;


--
-- Name: organisation_review_limits organisation_review_limits_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation_review_limits
    ADD CONSTRAINT organisation_review_limits_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: periodic_summaries periodic_summaries_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periodic_summaries
    ADD CONSTRAINT periodic_summaries_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: periodic_summaries periodic_summaries_org_id_mentor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periodic_summaries
    ADD CONSTRAINT periodic_summaries_org_id_mentor_id_fkey FOREIGN KEY (org_id, mentor_id) REFERENCES public.members(org_id, user_id) ON DELETE CASCADE;


--
-- Name: summary_job_failures summary_job_failures_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_job_failures
    ADD CONSTRAINT summary_job_failures_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: summary_push_outbox summary_push_outbox_org_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_push_outbox
    ADD CONSTRAINT summary_push_outbox_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: activity_day_stats; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.activity_day_stats ENABLE ROW LEVEL SECURITY;

--
-- Name: contact_days; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.contact_days ENABLE ROW LEVEL SECURITY;

--
-- Name: day_cells; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.day_cells ENABLE ROW LEVEL SECURITY;

--
-- Name: day_left_out; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.day_left_out ENABLE ROW LEVEL SECURITY;

--
-- Name: day_partial_locks; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.day_partial_locks ENABLE ROW LEVEL SECURITY;

--
-- Name: day_partials; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.day_partials ENABLE ROW LEVEL SECURITY;

--
-- Name: mentor_days; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.mentor_days ENABLE ROW LEVEL SECURITY;

--
-- Name: mentor_write_locks; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.mentor_write_locks ENABLE ROW LEVEL SECURITY;

--
-- Name: roster_changes; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.roster_changes ENABLE ROW LEVEL SECURITY;

--
-- Name: snapshot_generations; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.snapshot_generations ENABLE ROW LEVEL SECURITY;

--
-- Name: summaries_switches; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.summaries_switches ENABLE ROW LEVEL SECURITY;

--
-- Name: summary_changes; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.summary_changes ENABLE ROW LEVEL SECURITY;

--
-- Name: summary_horizons; Type: ROW SECURITY; Schema: private; Owner: -
--

ALTER TABLE private.summary_horizons ENABLE ROW LEVEL SECURITY;

--
-- Name: activities; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.activities ENABLE ROW LEVEL SECURITY;

--
-- Name: activity_mentors; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.activity_mentors ENABLE ROW LEVEL SECURITY;

--
-- Name: activity_participants; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.activity_participants ENABLE ROW LEVEL SECURITY;

--
-- Name: bufdir_counting_rules; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.bufdir_counting_rules ENABLE ROW LEVEL SECURITY;

--
-- Name: bufdir_export_audit_log; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.bufdir_export_audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: bufdir_metric_snapshots; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.bufdir_metric_snapshots ENABLE ROW LEVEL SECURITY;

--
-- Name: contacts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.contacts ENABLE ROW LEVEL SECURITY;

--
-- Name: activity_mentors delete_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_editors ON public.activity_mentors FOR DELETE TO authenticated USING ((EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_mentors.org_id) AND (a.id = activity_mentors.activity_id) AND (NOT ((a.registration_path = 'direct'::public.registration_path) AND (a.registered_by = activity_mentors.mentor_id))) AND ((a.org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((a.registered_by = ( SELECT hidden.request_user_id() AS request_user_id)) AND (a.registration_path = 'direct'::public.registration_path) AND (a.deleted_at IS NULL)))))));


--
-- Name: POLICY delete_editors ON activity_mentors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_editors ON public.activity_mentors IS 'Whoever may edit the activity removes its mentors; a mentor only while the entry is live. Nobody removes the registrant from a direct entry (the entry goes with its registrant).';


--
-- Name: activity_participants delete_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_editors ON public.activity_participants FOR DELETE TO authenticated USING ((EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_participants.org_id) AND (a.id = activity_participants.activity_id) AND ((a.org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((a.registered_by = ( SELECT hidden.request_user_id() AS uid)) AND (a.registration_path = 'direct'::public.registration_path) AND (a.deleted_at IS NULL)))))));


--
-- Name: POLICY delete_editors ON activity_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_editors ON public.activity_participants IS 'Whoever may edit the activity removes its participants; a mentor only while the entry is live.';


--
-- Name: bufdir_metric_snapshots delete_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_managers ON public.bufdir_metric_snapshots FOR DELETE TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY delete_managers ON bufdir_metric_snapshots; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_managers ON public.bufdir_metric_snapshots IS 'Only coordinators and admins delete snapshots; a mentor''s delete is filtered out here.';


--
-- Name: contacts delete_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_managers ON public.contacts FOR DELETE TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY delete_managers ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_managers ON public.contacts IS 'Coordinators and admins remove contacts.';


--
-- Name: members delete_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_managers ON public.members FOR DELETE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role))));


--
-- Name: POLICY delete_managers ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_managers ON public.members IS 'Admins remove any member; coordinators remove peer mentors.';


--
-- Name: mentor_active_periods delete_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_managers ON public.mentor_active_periods FOR DELETE TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY delete_managers ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_managers ON public.mentor_active_periods IS 'Coordinators and admins remove active periods.';


--
-- Name: activities delete_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_members ON public.activities FOR DELETE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (registered_by = ( SELECT hidden.request_user_id() AS uid)) AND (registration_path = 'direct'::public.registration_path) AND (deleted_at IS NULL))));


--
-- Name: POLICY delete_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_members ON public.activities IS 'Approved and pending mentors remove their own live direct entries; coordinators and admins any of their organisation''s.';


--
-- Name: activity_mentors insert_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_editors ON public.activity_mentors FOR INSERT TO authenticated WITH CHECK ((((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) AND (EXISTS ( SELECT
   FROM public.members m
  WHERE ((m.org_id = activity_mentors.org_id) AND (m.user_id = activity_mentors.mentor_id) AND (m.approval_status <> 'revoked'::public.approval_status))))) OR ((mentor_id = ( SELECT hidden.request_user_id() AS request_user_id)) AND ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_mentors.org_id) AND (a.id = activity_mentors.activity_id) AND (a.registered_by = ( SELECT hidden.request_user_id() AS request_user_id)) AND (a.registration_path = 'direct'::public.registration_path) AND (a.deleted_at IS NULL)))))));


--
-- Name: POLICY insert_editors ON activity_mentors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_editors ON public.activity_mentors IS 'Coordinators and admins name any member whose membership is not revoked; the registrant of a live direct entry names only themselves.';


--
-- Name: activity_participants insert_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_editors ON public.activity_participants FOR INSERT TO authenticated WITH CHECK (((EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_participants.org_id) AND (a.id = activity_participants.activity_id) AND ((a.org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR (((a.org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (a.org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (a.registered_by = ( SELECT hidden.request_user_id() AS request_user_id)) AND (a.registration_path = 'direct'::public.registration_path) AND (a.deleted_at IS NULL)))))) AND (EXISTS ( SELECT
   FROM public.contacts c
  WHERE ((c.org_id = activity_participants.org_id) AND (c.id = activity_participants.contact_id) AND (c.deleted_at IS NULL))))));


--
-- Name: POLICY insert_editors ON activity_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_editors ON public.activity_participants IS 'Whoever may edit the activity names its participants (a mentor only while the entry is live), each a live contact they can already read (an unreadable one is refused as a missing one).';


--
-- Name: members insert_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_managers ON public.members FOR INSERT TO authenticated WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role))));


--
-- Name: POLICY insert_managers ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_managers ON public.members IS 'Admins add any member; coordinators add peer mentors.';


--
-- Name: mentor_active_periods insert_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_managers ON public.mentor_active_periods FOR INSERT TO authenticated WITH CHECK ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY insert_managers ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_managers ON public.mentor_active_periods IS 'Coordinators and admins record active periods.';


--
-- Name: activities insert_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_members ON public.activities FOR INSERT TO authenticated WITH CHECK (((registered_by = ( SELECT hidden.request_user_id() AS uid)) AND (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) AND (registration_path = ANY (ARRAY['proxy'::public.registration_path, 'bulk'::public.registration_path]))) OR (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (registration_path = 'direct'::public.registration_path)))));


--
-- Name: POLICY insert_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_members ON public.activities IS 'Approved and pending mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';


--
-- Name: contacts insert_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_members ON public.contacts FOR INSERT TO authenticated WITH CHECK ((((org_id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (created_by = ( SELECT hidden.request_user_id() AS uid))));


--
-- Name: POLICY insert_members ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_members ON public.contacts IS 'Approved members and pending mentors register contacts in their organisation, as themselves.';


--
-- Name: members; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.members ENABLE ROW LEVEL SECURITY;

--
-- Name: mentor_active_periods; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.mentor_active_periods ENABLE ROW LEVEL SECURITY;

--
-- Name: organisation_review_limits; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.organisation_review_limits ENABLE ROW LEVEL SECURITY;

--
-- Name: organisations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.organisations ENABLE ROW LEVEL SECURITY;

--
-- Name: periodic_summaries; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.periodic_summaries ENABLE ROW LEVEL SECURITY;

--
-- Name: members select_auth_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_auth_admin ON public.members FOR SELECT TO supabase_auth_admin USING (true);


--
-- Name: POLICY select_auth_admin ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_auth_admin ON public.members IS 'Supabase Auth reads memberships to build access tokens.';


--
-- Name: bufdir_counting_rules select_authenticated; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_authenticated ON public.bufdir_counting_rules FOR SELECT TO authenticated USING (true);


--
-- Name: POLICY select_authenticated ON bufdir_counting_rules; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_authenticated ON public.bufdir_counting_rules IS 'The rules are public knowledge: every signed-in user may read them.';


--
-- Name: bufdir_export_audit_log select_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_managers ON public.bufdir_export_audit_log FOR SELECT TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY select_managers ON bufdir_export_audit_log; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_managers ON public.bufdir_export_audit_log IS 'Coordinators and admins read their organisation''s export history.';


--
-- Name: activities select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.activities FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND ((registered_by = ( SELECT hidden.request_user_id() AS uid)) OR ((org_id, id) IN ( SELECT c.org_id,
    c.activity_id
   FROM hidden.caller_activity_ids() c(org_id, activity_id))))) OR ((org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids)) AND (registered_by = ( SELECT hidden.request_user_id() AS uid)))));


--
-- Name: POLICY select_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.activities IS 'Coordinators and admins read their organisation''s activities; approved mentors those they took part in or registered; pending mentors those they registered.';


--
-- Name: activity_mentors select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.activity_mentors FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND ((org_id, activity_id) IN ( SELECT c.org_id,
    c.activity_id
   FROM hidden.caller_activity_ids() c(org_id, activity_id)))) OR ((org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids)) AND (EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_mentors.org_id) AND (a.id = activity_mentors.activity_id) AND (a.registered_by = ( SELECT hidden.request_user_id() AS uid))))))));


--
-- Name: POLICY select_members ON activity_mentors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.activity_mentors IS 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';


--
-- Name: activity_participants select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.activity_participants FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND ((org_id, activity_id) IN ( SELECT c.org_id,
    c.activity_id
   FROM hidden.caller_activity_ids() c(org_id, activity_id)))) OR ((org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids)) AND (EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_participants.org_id) AND (a.id = activity_participants.activity_id) AND (a.registered_by = ( SELECT hidden.request_user_id() AS uid))))))));


--
-- Name: POLICY select_members ON activity_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.activity_participants IS 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';


--
-- Name: bufdir_metric_snapshots select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.bufdir_metric_snapshots FOR SELECT TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)));


--
-- Name: POLICY select_members ON bufdir_metric_snapshots; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.bufdir_metric_snapshots IS 'Every member of the organisation reads its snapshots.';


--
-- Name: contacts select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.contacts FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (deleted_at IS NULL) AND ((created_by = ( SELECT hidden.request_user_id() AS request_user_id)) OR ((org_id, id) IN ( SELECT c.org_id,
    c.contact_id
   FROM hidden.caller_contact_ids() c(org_id, contact_id))))) OR ((org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids)) AND (deleted_at IS NULL) AND (created_by = ( SELECT hidden.request_user_id() AS request_user_id)))));


--
-- Name: POLICY select_members ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.contacts IS 'Coordinators and admins read their organisation''s contacts, soft-deleted ones too; approved mentors the live ones they registered or met; pending mentors the live ones they registered.';


--
-- Name: members select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.members FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_pending_org_ids() AS caller_pending_org_ids)) AND (user_id = ( SELECT hidden.request_user_id() AS uid)))));


--
-- Name: POLICY select_members ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.members IS 'Approved members read the roster of their own organisations; a pending member reads their own membership only.';


--
-- Name: mentor_active_periods select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.mentor_active_periods FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (mentor_id = ( SELECT hidden.request_user_id() AS uid)))));


--
-- Name: POLICY select_members ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.mentor_active_periods IS 'Coordinators and admins read all active periods of their organisation; mentors their own.';


--
-- Name: organisation_review_limits select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.organisation_review_limits FOR SELECT TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)));


--
-- Name: POLICY select_members ON organisation_review_limits; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.organisation_review_limits IS 'The organisation''s approved members read its review limits; admins change them through set_review_limits.';


--
-- Name: organisations select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.organisations FOR SELECT TO authenticated USING (((id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)) OR (id IN ( SELECT hidden.caller_pending_org_ids() AS caller_pending_org_ids))));


--
-- Name: POLICY select_members ON organisations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.organisations IS 'Approved and pending members read the organisations they belong to; revoked members do not.';


--
-- Name: periodic_summaries select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.periodic_summaries FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (mentor_id = ( SELECT hidden.request_user_id() AS uid)))));


--
-- Name: POLICY select_members ON periodic_summaries; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.periodic_summaries IS 'Coordinators and admins read their organisation''s summaries; a mentor reads their own.';


--
-- Name: summary_job_failures; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.summary_job_failures ENABLE ROW LEVEL SECURITY;

--
-- Name: summary_push_outbox; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.summary_push_outbox ENABLE ROW LEVEL SECURITY;

--
-- Name: organisations update_admins; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_admins ON public.organisations FOR UPDATE TO authenticated USING ((id IN ( SELECT hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) AS caller_org_ids))) WITH CHECK ((id IN ( SELECT hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY update_admins ON organisations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_admins ON public.organisations IS 'Admins edit their own organisation.';


--
-- Name: members update_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_managers ON public.members FOR UPDATE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role)))) WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role))));


--
-- Name: POLICY update_managers ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_managers ON public.members IS 'Admins edit any member; coordinators edit peer mentors and cannot promote them.';


--
-- Name: mentor_active_periods update_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_managers ON public.mentor_active_periods FOR UPDATE TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids))) WITH CHECK ((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY update_managers ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_managers ON public.mentor_active_periods IS 'Coordinators and admins edit active periods.';


--
-- Name: activities update_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_members ON public.activities FOR UPDATE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (registered_by = ( SELECT hidden.request_user_id() AS uid)) AND (registration_path = 'direct'::public.registration_path) AND (deleted_at IS NULL)))) WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (registered_by = ( SELECT hidden.request_user_id() AS uid)) AND (registration_path = 'direct'::public.registration_path))));


--
-- Name: POLICY update_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_members ON public.activities IS 'Approved and pending mentors edit (and soft-delete) their own live direct entries; coordinators and admins any of their organisation''s, and they alone restore a soft-deleted one.';


--
-- Name: contacts update_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_members ON public.contacts FOR UPDATE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (created_by = ( SELECT hidden.request_user_id() AS request_user_id)) AND (deleted_at IS NULL)))) WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR (((org_id IN ( SELECT hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_org_ids)) OR (org_id IN ( SELECT hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) AS caller_pending_org_ids))) AND (created_by = ( SELECT hidden.request_user_id() AS request_user_id)) AND (deleted_at IS NULL))));


--
-- Name: POLICY update_members ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_members ON public.contacts IS 'Approved and pending mentors edit the live contacts they registered; coordinators and admins any of their organisation''s, and they alone soft-delete or restore one.';


--
-- PostgreSQL database dump complete
--

\unrestrict <key>


--
-- Dbmate schema migrations
--

INSERT INTO dbmate.schema_migrations (version) VALUES
    ('20261203070039'),
    ('20261203070550'),
    ('20261203072235'),
    ('20261203072605'),
    ('20261203072818'),
    ('20261203102958'),
    ('20261203105622'),
    ('20261203112009');
