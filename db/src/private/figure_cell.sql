create type private.figure_cell as (
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

comment on type private.figure_cell is 'Additive figures of one scope (an organisation, or a mentor), day (or month) and breakdown keys; the unit the aggregation sums. A cell with left_out set counts, in activities, the entries left out for that reason (its other keys null, its other figures zero).';
