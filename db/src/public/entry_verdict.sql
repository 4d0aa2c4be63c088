create type public.entry_verdict as enum (
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

comment on type public.entry_verdict is 'Whether an entry counts, or the first counting rule that keeps it out: no_active_mentor, held_for_review (rule 4, left out of every figure); merged_proxy_twin (rule 2); kind_not_counted, abroad, too_few_participants, too_short (rule 3: the kind, in Norway, the participant or minute threshold); same_day_repeat (rule 5: nothing new for any of its active mentors that day); deleted (rule 1: soft-deleted).';
