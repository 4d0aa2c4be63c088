create type public.activity_verdict as (
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

comment on type public.activity_verdict is 'One entry''s verdict: counts, the rule that decided it (verdict), for no_active_mentor why (inactive_mentor), for a merged proxy twin the direct entry it merged into when the caller may read it, and the rule version applied.';
