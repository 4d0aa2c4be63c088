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

COMMENT ON SCHEMA hidden IS 'Helpers for row-level policies: usable by the API roles, not exposed as RPCs.';


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
-- Name: caller_activity_ids(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_activity_ids() RETURNS TABLE(org_id uuid, activity_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select am.org_id, am.activity_id
  from public.activity_mentors am
  where am.mentor_id = (select auth.uid())
  union
  select a.org_id, a.id
  from public.activities a
  where a.registered_by = (select auth.uid())
$$;


--
-- Name: FUNCTION caller_activity_ids(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_activity_ids() IS 'The activities the calling user took part in as a mentor or registered.';


--
-- Name: caller_contact_ids(); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_contact_ids() RETURNS TABLE(org_id uuid, contact_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select ap.org_id, ap.contact_id
  from public.activity_participants ap
  join public.activity_mentors am
    on am.org_id = ap.org_id and am.activity_id = ap.activity_id
  where am.mentor_id = (select auth.uid())
$$;


--
-- Name: FUNCTION caller_contact_ids(); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_contact_ids() IS 'The contacts the calling user met as a mentor.';


--
-- Name: caller_org_ids(public.member_role[]); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_org_ids(roles public.member_role[] DEFAULT NULL::public.member_role[]) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select m.org_id
  from public.members m
  where m.user_id = (select auth.uid())
    and (caller_org_ids.roles is null or m.role = any (caller_org_ids.roles))
$$;


--
-- Name: FUNCTION caller_org_ids(roles public.member_role[]); Type: COMMENT; Schema: hidden; Owner: -
--

COMMENT ON FUNCTION hidden.caller_org_ids(roles public.member_role[]) IS 'The organisations the calling user belongs to, optionally only those where their role is one of `roles`. Empty for anon and unknown users.';


--
-- Name: forbid_tenant_change(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.forbid_tenant_change() RETURNS trigger
    LANGUAGE plpgsql
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
-- Name: touch_updated_at(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
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
-- Name: custom_access_token_hook(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.custom_access_token_hook(event jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
declare
  org_roles jsonb;
begin
  select coalesce(jsonb_object_agg(m.org_id::text, m.role::text order by m.org_id), '{}'::jsonb)
    into org_roles
  from public.members m
  where m.user_id = (event ->> 'user_id')::uuid;

  return jsonb_set(
    event,
    '{claims}',
    coalesce(event -> 'claims', '{}'::jsonb) || jsonb_build_object('org_roles', org_roles)
  );
end
$$;


--
-- Name: FUNCTION custom_access_token_hook(event jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.custom_access_token_hook(event jsonb) IS 'Supabase Auth hook: adds the user''s memberships as claim org_roles = {org_id: role}. Callable only by supabase_auth_admin.';


SET default_tablespace = '';

SET default_table_access_method = heap;

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
    registered_by uuid DEFAULT auth.uid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT activities_activity_date_check CHECK ((activity_date >= '2000-01-01'::date)),
    CONSTRAINT activities_anonymous_participants_check CHECK (((anonymous_participants >= 0) AND (anonymous_participants <= 100000))),
    CONSTRAINT activities_check CHECK (((municipality_code IS NULL) = (municipality_code_version IS NULL))),
    CONSTRAINT activities_duration_minutes_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT activities_municipality_code_check CHECK ((municipality_code ~ '^[0-9]{4}$'::text)),
    CONSTRAINT activities_municipality_code_version_check CHECK ((municipality_code_version ~ '^[0-9]{4}$'::text))
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
    created_by uuid DEFAULT auth.uid() NOT NULL,
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
-- Name: organisations organisations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_pkey PRIMARY KEY (id);


--
-- Name: activities_org_date_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_org_date_idx ON public.activities USING btree (org_id, activity_date);


--
-- Name: activities_registered_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_registered_by_idx ON public.activities USING btree (registered_by, org_id);


--
-- Name: activity_mentors_mentor_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_mentors_mentor_idx ON public.activity_mentors USING btree (mentor_id, org_id, activity_id);


--
-- Name: activity_participants_contact_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_participants_contact_idx ON public.activity_participants USING btree (org_id, contact_id);


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
-- Name: activities forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER forbid_tenant_change BEFORE UPDATE ON public.activities FOR EACH ROW EXECUTE FUNCTION private.forbid_tenant_change();


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
-- Name: organisations touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.organisations FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


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
-- Name: contacts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.contacts ENABLE ROW LEVEL SECURITY;

--
-- Name: activity_mentors delete_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_editors ON public.activity_mentors FOR DELETE TO authenticated USING ((EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_mentors.org_id) AND (a.id = activity_mentors.activity_id) AND ((a.org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((a.registered_by = ( SELECT auth.uid() AS uid)) AND (a.registration_path = 'direct'::public.registration_path)))))));


--
-- Name: POLICY delete_editors ON activity_mentors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_editors ON public.activity_mentors IS 'Whoever may edit the activity removes its mentors.';


--
-- Name: activity_participants delete_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_editors ON public.activity_participants FOR DELETE TO authenticated USING ((EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_participants.org_id) AND (a.id = activity_participants.activity_id) AND ((a.org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((a.registered_by = ( SELECT auth.uid() AS uid)) AND (a.registration_path = 'direct'::public.registration_path)))))));


--
-- Name: POLICY delete_editors ON activity_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_editors ON public.activity_participants IS 'Whoever may edit the activity removes its participants.';


--
-- Name: contacts delete_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_managers ON public.contacts FOR DELETE TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY delete_managers ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_managers ON public.contacts IS 'Coordinators and admins remove contacts.';


--
-- Name: members delete_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_managers ON public.members FOR DELETE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role))));


--
-- Name: POLICY delete_managers ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_managers ON public.members IS 'Admins remove any member; coordinators remove peer mentors.';


--
-- Name: mentor_active_periods delete_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_managers ON public.mentor_active_periods FOR DELETE TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY delete_managers ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_managers ON public.mentor_active_periods IS 'Coordinators and admins remove active periods.';


--
-- Name: activities delete_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY delete_members ON public.activities FOR DELETE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (registered_by = ( SELECT auth.uid() AS uid)) AND (registration_path = 'direct'::public.registration_path))));


--
-- Name: POLICY delete_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY delete_members ON public.activities IS 'Mentors remove their own direct entries; coordinators and admins any of their organisation''s.';


--
-- Name: activity_mentors insert_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_editors ON public.activity_mentors FOR INSERT TO authenticated WITH CHECK ((EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_mentors.org_id) AND (a.id = activity_mentors.activity_id) AND ((a.org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((a.registered_by = ( SELECT auth.uid() AS uid)) AND (a.registration_path = 'direct'::public.registration_path)))))));


--
-- Name: POLICY insert_editors ON activity_mentors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_editors ON public.activity_mentors IS 'Whoever may edit the activity names its mentors.';


--
-- Name: activity_participants insert_editors; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_editors ON public.activity_participants FOR INSERT TO authenticated WITH CHECK ((EXISTS ( SELECT
   FROM public.activities a
  WHERE ((a.org_id = activity_participants.org_id) AND (a.id = activity_participants.activity_id) AND ((a.org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((a.registered_by = ( SELECT auth.uid() AS uid)) AND (a.registration_path = 'direct'::public.registration_path)))))));


--
-- Name: POLICY insert_editors ON activity_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_editors ON public.activity_participants IS 'Whoever may edit the activity names its participants.';


--
-- Name: members insert_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_managers ON public.members FOR INSERT TO authenticated WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids('{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role))));


--
-- Name: POLICY insert_managers ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_managers ON public.members IS 'Admins add any member; coordinators add peer mentors.';


--
-- Name: mentor_active_periods insert_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_managers ON public.mentor_active_periods FOR INSERT TO authenticated WITH CHECK ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY insert_managers ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_managers ON public.mentor_active_periods IS 'Coordinators and admins record active periods.';


--
-- Name: activities insert_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_members ON public.activities FOR INSERT TO authenticated WITH CHECK (((registered_by = ( SELECT auth.uid() AS uid)) AND (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) AND (registration_path = ANY (ARRAY['proxy'::public.registration_path, 'bulk'::public.registration_path]))) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (registration_path = 'direct'::public.registration_path)))));


--
-- Name: POLICY insert_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_members ON public.activities IS 'Mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';


--
-- Name: contacts insert_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY insert_members ON public.contacts FOR INSERT TO authenticated WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)) AND (created_by = ( SELECT auth.uid() AS uid))));


--
-- Name: POLICY insert_members ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY insert_members ON public.contacts IS 'Any member registers contacts in their organisation, as themselves.';


--
-- Name: members; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.members ENABLE ROW LEVEL SECURITY;

--
-- Name: mentor_active_periods; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.mentor_active_periods ENABLE ROW LEVEL SECURITY;

--
-- Name: organisations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.organisations ENABLE ROW LEVEL SECURITY;

--
-- Name: members select_auth_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_auth_admin ON public.members FOR SELECT TO supabase_auth_admin USING (true);


--
-- Name: POLICY select_auth_admin ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_auth_admin ON public.members IS 'Supabase Auth reads memberships to build access tokens.';


--
-- Name: activities select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.activities FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND ((org_id, id) IN ( SELECT c.org_id,
    c.activity_id
   FROM hidden.caller_activity_ids() c(org_id, activity_id))))));


--
-- Name: POLICY select_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.activities IS 'Coordinators and admins read their organisation''s activities; mentors those they took part in or registered.';


--
-- Name: activity_mentors select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.activity_mentors FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND ((org_id, activity_id) IN ( SELECT c.org_id,
    c.activity_id
   FROM hidden.caller_activity_ids() c(org_id, activity_id))))));


--
-- Name: POLICY select_members ON activity_mentors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.activity_mentors IS 'Readable by whoever may read the activity.';


--
-- Name: activity_participants select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.activity_participants FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND ((org_id, activity_id) IN ( SELECT c.org_id,
    c.activity_id
   FROM hidden.caller_activity_ids() c(org_id, activity_id))))));


--
-- Name: POLICY select_members ON activity_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.activity_participants IS 'Readable by whoever may read the activity.';


--
-- Name: contacts select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.contacts FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND ((created_by = ( SELECT auth.uid() AS uid)) OR ((org_id, id) IN ( SELECT c.org_id,
    c.contact_id
   FROM hidden.caller_contact_ids() c(org_id, contact_id)))))));


--
-- Name: POLICY select_members ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.contacts IS 'Coordinators and admins read their organisation''s contacts; mentors those they registered or met.';


--
-- Name: members select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.members FOR SELECT TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)));


--
-- Name: POLICY select_members ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.members IS 'Members read the roster of their own organisations.';


--
-- Name: mentor_active_periods select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.mentor_active_periods FOR SELECT TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (mentor_id = ( SELECT auth.uid() AS uid)))));


--
-- Name: POLICY select_members ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.mentor_active_periods IS 'Coordinators and admins read all active periods of their organisation; mentors their own.';


--
-- Name: organisations select_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY select_members ON public.organisations FOR SELECT TO authenticated USING ((id IN ( SELECT hidden.caller_org_ids() AS caller_org_ids)));


--
-- Name: POLICY select_members ON organisations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.organisations IS 'Members read the organisations they belong to.';


--
-- Name: organisations update_admins; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_admins ON public.organisations FOR UPDATE TO authenticated USING ((id IN ( SELECT hidden.caller_org_ids('{admin}'::public.member_role[]) AS caller_org_ids))) WITH CHECK ((id IN ( SELECT hidden.caller_org_ids('{admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY update_admins ON organisations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_admins ON public.organisations IS 'Admins edit their own organisation.';


--
-- Name: members update_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_managers ON public.members FOR UPDATE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role)))) WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids('{admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator}'::public.member_role[]) AS caller_org_ids)) AND (role = 'peer_mentor'::public.member_role))));


--
-- Name: POLICY update_managers ON members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_managers ON public.members IS 'Admins edit any member; coordinators edit peer mentors and cannot promote them.';


--
-- Name: mentor_active_periods update_managers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_managers ON public.mentor_active_periods FOR UPDATE TO authenticated USING ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids))) WITH CHECK ((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)));


--
-- Name: POLICY update_managers ON mentor_active_periods; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_managers ON public.mentor_active_periods IS 'Coordinators and admins edit active periods.';


--
-- Name: activities update_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_members ON public.activities FOR UPDATE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (registered_by = ( SELECT auth.uid() AS uid)) AND (registration_path = 'direct'::public.registration_path)))) WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (registered_by = ( SELECT auth.uid() AS uid)) AND (registration_path = 'direct'::public.registration_path))));


--
-- Name: POLICY update_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_members ON public.activities IS 'Mentors edit (and soft-delete) their own direct entries; coordinators and admins any of their organisation''s.';


--
-- Name: contacts update_members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY update_members ON public.contacts FOR UPDATE TO authenticated USING (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (created_by = ( SELECT auth.uid() AS uid))))) WITH CHECK (((org_id IN ( SELECT hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) AS caller_org_ids)) OR ((org_id IN ( SELECT hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) AS caller_org_ids)) AND (created_by = ( SELECT auth.uid() AS uid)))));


--
-- Name: POLICY update_members ON contacts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY update_members ON public.contacts IS 'Coordinators and admins edit their organisation''s contacts; mentors those they registered.';


--
-- PostgreSQL database dump complete
--

\unrestrict <key>


--
-- Dbmate schema migrations
--

INSERT INTO dbmate.schema_migrations (version) VALUES
    ('20261121070000'),
    ('20261121080000'),
    ('20261121080100'),
    ('20261121080200'),
    ('20261121080300');
