create type public.held_activity as (
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

comment on type public.held_activity is 'An activity measured against its organisation''s review limits: its checked values, the limits they exceed, and its confirmation (null while held).';
