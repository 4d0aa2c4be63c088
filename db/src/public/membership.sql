create type public.membership as (
	org_id uuid,
	user_id uuid,
	email text,
	display_name text,
	role public.member_role,
	approval_status public.approval_status,
	created_at timestamp with time zone,
	updated_at timestamp with time zone
);

comment on type public.membership is 'One membership with the member''s e-mail and display name, as the administration RPCs return it. A revoked member''s e-mail is null and their name is the one in their metadata, or ''former member'' (as list_member_names shows them).';
