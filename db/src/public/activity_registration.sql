create type public.activity_registration as (
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

comment on type public.activity_registration is 'One activity with the ids of its mentors and known participants (each sorted), as the activity RPCs return it.';
