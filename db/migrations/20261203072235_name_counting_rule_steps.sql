-- Purpose: name counting rule steps.
-- Why: the counting rules read as rules. private.figure_parts' steps are named by
-- the rule they apply, each rule's test is a small inlined function
-- (private.ruleN_*, SQL-standard bodies) used wherever the rule is applied, the
-- aggregation's functions are called with named arguments, and planner settings
-- point to one list (db/README.md, "Measured and tuned"). Same figures, same plans.
-- Objects: db/src/hidden/explain_entries.sql, db/src/private/activity_sets_by_id.sql, db/src/private/activity_sets_in_key_order.sql, db/src/private/aggregate_figures.sql, db/src/private/compute_metrics.sql, db/src/private/exceeds_review_limits.sql, db/src/private/figure_parts.sql, db/src/private/generate_summaries.sql, db/src/private/refresh_day_partials.sql, db/src/private/rule2_fingerprint_term.sql, db/src/private/rule2_merge_target.sql, db/src/private/rule2_mergeable.sql, db/src/private/rule2_takes_twin_place.sql, db/src/private/rule2_twins.sql, db/src/private/rule3_failure.sql, db/src/private/rule4_active_mentor.sql, db/src/private/rule4_held_for_review.sql, db/src/private/rule4_left_out.sql, db/src/private/rule5_new_for_mentor.sql, db/src/private/rule6_participants.sql, db/src/private/rule7_wanted.sql, db/src/private/stale_days.sql, db/src/public/list_activities.sql.
-- Written by `make migration`: up is the new text of these files, down their text at HEAD.

-- migrate:up
-- db/src/hidden/explain_entries.sql
-- The verdicts of the entries of a period (or of one activity) the caller may read.
create or replace function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) returns setof public.activity_verdict
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    as $$
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
  perform hidden.check_snapshot_key(explain_entries.org_id, explain_entries.period_start, explain_entries.period_end);
  if not sees_all then
    sees_all := hidden.caller_membership(explain_entries.org_id) in ('coordinator', 'admin');
    approved_mentor := explain_entries.org_id in (select hidden.caller_org_ids('{peer_mentor}'));
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

comment on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) is 'The security-definer body of public.explain_activities, public.explain_activity and public.count_entries_by_verdict, where PostgREST does not expose it: the verdict of each entry of the period (or of only_activity) the caller may read, from private.figure_parts.';

revoke all on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to authenticated;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to service_role;

-- db/src/private/exceeds_review_limits.sql
-- The predicate the figures use to leave held entries out (rule 4, through
-- private.rule4_held_for_review): true when a value exceeds a limit that is set.
-- Null limits (or no limits row) hold nothing. A SQL-standard body with no
-- settings, so a query over many activities inlines it (a call per row cost
-- about 16 µs, inline under 1 µs).
create or replace function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) returns boolean
    language sql immutable parallel safe
    return coalesce(minutes > (limits).max_minutes_per_activity, false)
        or coalesce(anonymous > (limits).max_anonymous_participants, false)
        or coalesce(known_participants > (limits).max_known_participants, false);

comment on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) is 'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null (private.rule4_held_for_review). Inlined: a query over many activities reads the limits once (private.review_limits_of) and pays no call per row.';

revoke all on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) from public, anon, authenticated, service_role;

-- db/src/private/rule2_fingerprint_term.sql
-- Rule 2 compares the sets of mentors and contacts of a proxy entry and a direct
-- one. The activity-set functions sum this term over each set: equal sets have
-- equal fingerprints whatever their order, so twins are found by hashed lookups
-- on the fingerprints before private.rule2_twins compares the sets exactly.
-- A SQL-standard body with no settings: PostgreSQL inlines it.
create or replace function private.rule2_fingerprint_term(member uuid) returns integer
    language sql immutable parallel safe
    return pg_catalog.uuid_hash(member);

comment on function private.rule2_fingerprint_term(member uuid) is 'Rule 2: one member''s term of a set''s order-free fingerprint (summed over the set); equal sets, equal sums. Inlined.';

revoke all on function private.rule2_fingerprint_term(member uuid) from public, anon, authenticated, service_role;

-- db/src/private/rule2_mergeable.sql
-- Rule 2, the proxy side: only a proxy entry in scope (not left out by rule 4)
-- is ever merged into a twin. Bulk entries never are.
create or replace function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'proxy' and left_out is null;

comment on function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry that may be merged into a direct twin (a proxy entry not left out). Read under the given rules; inlined.';

revoke all on function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_merge_target.sql
-- Rule 2, the direct side: a proxy entry merges only into a direct entry in
-- scope (not left out by rule 4).
create or replace function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'direct' and left_out is null;

comment on function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry proxy twins may merge into (a direct entry not left out). Read under the given rules; inlined.';

revoke all on function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_twins.sql
-- Rule 2's test: a proxy entry and a direct one are twins when they agree on
-- the date, the kind, every value a figure reads, and the sets of mentors and
-- contacts (compared as sets: an activity lists a mentor or a contact once).
-- Inlined, it is a conjunction of equalities the planner hashes on.
create or replace function private.rule2_twins(
    rules public.bufdir_counting_rules,
    proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer,
    proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[],
    direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer,
    direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) returns boolean
    language sql immutable parallel safe
    return proxy_day = direct_day and proxy_kind = direct_kind and proxy_county = direct_county
       and proxy_minutes = direct_minutes and proxy_anonymous = direct_anonymous and proxy_in_norway = direct_in_norway
       and cardinality(proxy_mentors) = cardinality(direct_mentors) and proxy_mentors <@ direct_mentors
       and cardinality(proxy_contacts) = cardinality(direct_contacts) and proxy_contacts <@ direct_contacts;

comment on function private.rule2_twins(rules public.bufdir_counting_rules, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is 'Rule 2: true when a proxy entry is a twin of a direct one (same date, kind, county, minutes, anonymous head count, in-Norway flag, and the same sets of mentors and contacts). Read under the given rules; inlined.';

revoke all on function private.rule2_twins(rules public.bufdir_counting_rules, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) from public, anon, authenticated, service_role;

-- db/src/private/rule2_takes_twin_place.sql
-- Rule 2's order: a direct entry with merged twins takes, for rule 5, the
-- earliest registration among itself and them (created_at, then id).
create or replace function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) returns boolean
    language sql immutable parallel safe
    return (twin_created_at, twin_id) < (own_created_at, own_id);

comment on function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is 'Rule 2: true when a direct entry takes its earliest merged twin''s place in registration order (the twin was registered first); null when it has no twin. Read under the given rules; inlined.';

revoke all on function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/rule3_failure.sql
-- Rule 3's test, one expression: what is wrong with an entry's kind, place or
-- size under the rules' thresholds, the first that applies (null: it qualifies).
-- The figures count only entries it passes, and an entry's verdict names it.
create or replace function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) returns public.entry_verdict
    language sql immutable parallel safe
    return case
      when not kind = any ((rules).counting_kinds) then 'kind_not_counted'::public.entry_verdict
      when not (in_norway or not (rules).require_in_norway) then 'abroad'::public.entry_verdict
      when kind = 'in_person_outreach' and participants < (rules).outreach_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and participants < (rules).group_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and minutes < (rules).group_min_minutes then 'too_short'::public.entry_verdict
      when kind = 'mentor_course' and minutes < (rules).course_min_minutes then 'too_short'::public.entry_verdict
    end;

comment on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is 'Rule 3: why an entry does not qualify (kind_not_counted, abroad, too_few_participants, too_short; the first that applies), null when it qualifies. Read under the given rules; inlined.';

revoke all on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) from public, anon, authenticated, service_role;

-- db/src/private/rule4_active_mentor.sql
-- Rule 4's test for a mentor: approved, with an active period covering the day
-- (an open period has no end).
create or replace function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) returns boolean
    language sql immutable parallel safe
    return approval_status = 'approved' and day >= active_from and (active_to is null or day <= active_to);

comment on function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) is 'Rule 4: true when a mentor with this approval and active period counts on the day. Read under the given rules; inlined.';

revoke all on function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) from public, anon, authenticated, service_role;

-- db/src/private/rule4_held_for_review.sql
-- Rule 4's test for an entry's values: held for review when above one of its
-- organisation's review limits and not confirmed.
create or replace function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) returns boolean
    language sql immutable parallel safe
    return review_confirmed_at is null
       and private.exceeds_review_limits(limits => limits, minutes => minutes, anonymous => anonymous,
                                         known_participants => known_participants);

comment on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is 'Rule 4: true when an entry is held for review (a value above a set review limit, private.exceeds_review_limits, and no confirmation). Read under the given rules; inlined.';

revoke all on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) from public, anon, authenticated, service_role;

-- db/src/private/rule4_left_out.sql
-- Rule 4's verdict: why an entry is left out of every figure, the first that
-- applies (no active mentor before held for review), null when in scope.
create or replace function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) returns public.left_out_reason
    language sql immutable parallel safe
    return case when not has_active_mentor then 'no_active_mentor'::public.left_out_reason
                when held_for_review then 'held_for_review'::public.left_out_reason
           end;

comment on function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) is 'Rule 4: the reason an entry is left out of every figure (no_active_mentor first, then held_for_review), null when it is in scope. Read under the given rules; inlined.';

revoke all on function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule5_new_for_mentor.sql
-- Rule 5's test, per active mentor and day in registration order: an entry is
-- new for the mentor when it is their first of the day or the first to name one
-- of its known contacts (anonymous head counts never make it new).
create or replace function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) returns boolean
    language sql immutable parallel safe
    return first_of_day or first_to_name_a_contact;

comment on function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) is 'Rule 5: true when an entry is new for one of its active mentors that day (the mentor''s first entry of the day, or the first to name a contact). An entry counts when it is new for at least one. Read under the given rules; inlined.';

revoke all on function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule6_participants.sql
-- Rule 6's participants of an entry: its known contacts and its anonymous head
-- count (rule 3's thresholds count the same).
create or replace function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) returns integer
    language sql immutable parallel safe
    return cardinality(contacts) + anonymous;

comment on function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) is 'Rules 3 and 6: an entry''s participants, known contacts plus anonymous head count. Read under the given rules; inlined.';

revoke all on function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) from public, anon, authenticated, service_role;

-- db/src/private/rule7_wanted.sql
-- Rule 7's scope: a mentor's own figures are wanted for every mentor, or for
-- the mentors named.
create or replace function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) returns boolean
    language sql immutable parallel safe
    return every_mentor or mentor_id = any (mentor_ids);

comment on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) is 'Rule 7: true when a mentor''s own figures are wanted (every mentor, or one of mentor_ids). Inlined.';

revoke all on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/activity_sets_by_id.sql
-- The same for a few days: their activities found by date, their links looked
-- up by id and hashed.
create or replace function private.activity_sets_by_id(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    set enable_sort to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprints: private.rule2_fingerprint_term summed over each set.
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
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(private.rule2_fingerprint_term(member => am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_by_id.org_id and am.activity_id = any (array(select s.id from scope s))
    group by am.activity_id
  ) m on m.activity_id = s.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(private.rule2_fingerprint_term(member => ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_by_id.org_id and ap.activity_id = any (array(select s.id from scope s))
    group by ap.activity_id
  ) c on c.activity_id = s.id
$$;

comment on function private.activity_sets_by_id(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, looking their links up by id (for days holding a small share of the organisation).';

revoke all on function private.activity_sets_by_id(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/activity_sets_in_key_order.sql
-- The live activities of an organisation's days with their mentor and contact
-- sets (in no particular order) and an order-free fingerprint of each set, from
-- the organisation's activities and link tables read in primary-key order and
-- merged: no sort, no hash table, whatever the statistics say.
create or replace function private.activity_sets_in_key_order(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'on'
    set enable_hashagg to 'off'
    set enable_sort to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'off'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprints: private.rule2_fingerprint_term summed over each set.
  select a.id, a.activity_date, a.kind, a.registration_path, coalesce(left(a.municipality_code, 2), 'unknown'),
         a.duration_minutes, a.anonymous_participants, a.in_norway, a.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         a.review_confirmed_at
  from public.activities a
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(private.rule2_fingerprint_term(member => am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_in_key_order.org_id
    group by am.activity_id
  ) m on m.activity_id = a.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(private.rule2_fingerprint_term(member => ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_in_key_order.org_id
    group by ap.activity_id
  ) c on c.activity_id = a.id
  where a.org_id = activity_sets_in_key_order.org_id
    -- Contiguous days are one range: a binary search per activity, not a scan of the array.
    and a.activity_date <@ (select private.days_as_multirange(days => activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;

comment on function private.activity_sets_in_key_order(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, reading the organisation''s activities and links in key order (for days holding much of the organisation).';

revoke all on function private.activity_sets_in_key_order(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/aggregate_figures.sql
create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) returns table(mentor_id uuid, figures jsonb)
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    set enable_sort to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => aggregate_figures.period_start);
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null then
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

comment on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) is 'The aggregation: the organisation''s figures (mentor_id null) from its day partials (cells and entries left out) where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run. PII-free by construction.';

revoke all on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) from public, anon, authenticated, service_role;

-- db/src/private/compute_metrics.sql
create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null::uuid) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select f.figures
  from private.aggregate_figures(
    org_id => compute_metrics.org_id, period_start => compute_metrics.period_start, period_end => compute_metrics.period_end,
    every_mentor => false,
    mentor_ids => case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) is 'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures). PII-free by construction.';

revoke all on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/figure_parts.sql
-- THE COUNTING RULES IN CODE. The rules are stated in db/fixtures/README.md
-- ("Counting rules"); each has its steps here, named after it, and its test is a
-- small SQL function of its own (private.ruleN_*: SQL-standard bodies with no
-- settings, so PostgreSQL inlines them and they cost no call per row). A change
-- to a rule starts at its test, then its steps; db/fixtures/README.md says what
-- else it touches ("Changing a counting rule").
--
-- rule 1, period: the live activities of the days, their mentor and contact sets
--   steps      rule1_entries; private.activity_sets_by_id and
--              private.activity_sets_in_key_order (by date, deleted_at is null:
--              the scan's own conditions, no test function)
-- rule 2, proxy twins merge
--   tests      private.rule2_mergeable (the proxy side), private.rule2_merge_target
--              (the direct side), private.rule2_twins (the twin test),
--              private.rule2_takes_twin_place (the merged entry's place),
--              private.rule2_fingerprint_term (the sets' fingerprints, summed in
--              the activity-set functions: a hashed prefilter the twin test implies)
--   steps      rule2_proxies, rule2_twin_candidates (prefilter: the same values
--              and fingerprints), rule2_duplicates, rule2_places; is_duplicate in
--              rule3_qualifying; the place in rule5_mentor_entries
-- rule 3, counting kinds and thresholds
--   tests      private.rule3_failure (null: qualifies), private.rule6_participants
--   steps      rule3_qualifying (fails_rule_3)
-- rule 4, who counts (left out: no active mentor, then held for review)
--   tests      private.rule4_active_mentor, private.rule4_held_for_review (with
--              private.exceeds_review_limits), private.rule4_left_out
--   steps      rule4_active_days, rule4_scope; the mentors looked up in
--              rule5_mentor_entries
-- rule 5, same day, per mentor
--   tests      private.rule5_new_for_mentor
--   steps      rule5_mentor_entries, rule5_ranked, rule5_first_mentions,
--              rule5_verdicts, rule5_counting (new for at least one mentor)
-- rule 6, the other figures
--   tests      private.rule6_participants
--   steps      the final select: cells (part 'cell'), distinct contacts and
--              mentors ('contact', 'mentor'); private.figure_documents makes them
--              figures
-- rule 7, per mentor
--   tests      private.rule7_wanted
--   steps      rule7_mentor_entries, rule7_mentor_counting, the mentor scopes of
--              the final select
-- verdicts     part 'entry' of the final select: the step that decided each
--              entry, in the rules' order (hidden.explain_entries)
--
-- Covered by: db/tests/snapshots/hand-worked-figures.test.sql and
-- entry-verdicts.test.sql (the fixture, entry by entry: rules 1-7, every
-- verdict), held-for-review.test.sql and activities/review-limits.test.sql (rule
-- 4's review limits), differential-aggregation.test.sql (generated
-- organisations, every figure of the organisation and each mentor against
-- tests.compute_metrics_oracle), day-partials.test.sql (the same classification
-- stored per day). The oracle (db/tests/support/30-metrics-oracle.sql) shares no
-- test function and no step with this code, on purpose: it states each rule
-- again (rule 2 as one text key, rule 3 as a positive condition, rule 4 from the
-- active periods, rule 5 with windows) so that it cannot agree by construction.
--
-- Planner settings below are measured, not defaults: db/README.md, "Measured
-- and tuned", lists every setting in db/src, why, and the bench line it holds.
create or replace function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean default false) returns table(scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text, left_out public.left_out_reason, activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint, member uuid, member_days datemultirange, members bigint, entry uuid, verdict public.entry_verdict, merged_into uuid)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashagg to 'on'
    set enable_sort to 'off'
    set enable_seqscan to 'on'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set max_parallel_workers_per_gather to '0'
    set work_mem to '16MB'
    as $$
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
      and private.rule4_active_mentor(rules => figure_parts.rules, approval_status => mem.approval_status,
                                      active_from => p.active_from, active_to => p.active_to, day => d::date)
  ), rule1_entries as not materialized (
    -- Rule 1: the live activities of the days with their sets, and the
    -- organisation's review limits (read once, an init plan). Offset 0 keeps
    -- the limits a column of this step: pulled up into the next, they would be
    -- the init plan's subquery, which PostgreSQL does not inline into rule 4's
    -- test (it reads them thrice), and the test would cost a call per entry.
    select u.*, (select private.review_limits_of(org_id => figure_parts.org_id)) as limits
    from (
      select * from private.activity_sets_by_id(org_id => figure_parts.org_id, days => figure_parts.days)
      where (select b.chosen from links_by_id b)
      union all
      select * from private.activity_sets_in_key_order(org_id => figure_parts.org_id, days => figure_parts.days)
      where not (select b.chosen from links_by_id b)
    ) u
    offset 0
  ), rule4_scope as materialized (
    -- Rule 4: each activity with the reason it is left out of every figure, if
    -- any: none of its mentors active on its date, then held for review.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
           private.rule4_left_out(
             rules => figure_parts.rules,
             has_active_mentor => case cardinality(s.mentors)
                                    when 0 then false
                                    when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                                    else exists (select from unnest(s.mentors) m(mentor_id)
                                                 where (m.mentor_id, s.day) in (select e.mentor_id, e.day from rule4_active_days e))
                                  end,
             held_for_review => private.rule4_held_for_review(
               rules => figure_parts.rules, limits => s.limits, minutes => s.minutes, anonymous => s.anonymous,
               known_participants => cardinality(s.contacts), review_confirmed_at => s.review_confirmed_at)) as left_out
    from rule1_entries s
  ), rule2_proxies as materialized (
    -- Rule 2 compares the proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from rule4_scope p
    where private.rule2_mergeable(rules => figure_parts.rules, path => p.path, left_out => p.left_out)
  ), rule2_twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on every value rule 2 compares
    -- and the set fingerprints: a prefilter the twin test implies (hashed
    -- lookups, the first of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from rule4_scope d
    where case when private.rule2_merge_target(rules => figure_parts.rules, path => d.path, left_out => d.left_out)
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from rule2_proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from rule2_proxies p)
            else false end
  ), rule2_duplicates as materialized (
    -- The proxy entries that are twins of a direct entry, with the direct entry
    -- they merge into.
    select p.id, p.created_at, t.id as direct_id
    from rule2_proxies p
    join rule2_twin_candidates t
      on t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
     and private.rule2_twins(
           rules => figure_parts.rules,
           proxy_day => p.day, proxy_kind => p.kind, proxy_county => p.county, proxy_minutes => p.minutes,
           proxy_anonymous => p.anonymous, proxy_in_norway => p.in_norway, proxy_mentors => p.mentors, proxy_contacts => p.contacts,
           direct_day => t.day, direct_kind => t.kind, direct_county => t.county, direct_minutes => t.minutes,
           direct_anonymous => t.anonymous, direct_in_norway => t.in_norway, direct_mentors => t.mentors, direct_contacts => t.contacts)
  ), rule2_places as materialized (
    -- A direct entry with merged twins: the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from rule2_duplicates d
    order by d.direct_id, d.created_at, d.id
  ), rule3_qualifying as not materialized (
    -- Rule 3: what is wrong with the entry's kind, place or size (null:
    -- nothing); rule 5 counts only entries it passes, and a verdict names it.
    -- With rule 2's mark: a merged proxy twin.
    select a.*,
      case when private.rule2_mergeable(rules => figure_parts.rules, path => a.path, left_out => a.left_out)
           then a.id in (select d.id from rule2_duplicates d) else false end as is_duplicate,
      private.rule3_failure(
        rules => figure_parts.rules, kind => a.kind, in_norway => a.in_norway,
        participants => private.rule6_participants(rules => figure_parts.rules, contacts => a.contacts, anonymous => a.anonymous),
        minutes => a.minutes) as fails_rule_3
    from rule4_scope a
  ), rule5_mentor_entries as (
    -- Rule 5's entries: those in scope, not merged, qualifying; one row per
    -- active mentor, with the entry's place in registration order (rule 2).
    -- Arrays are unnested in select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when private.rule2_takes_twin_place(rules => figure_parts.rules, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.created_at else q.created_at end as order_at,
             case when private.rule2_takes_twin_place(rules => figure_parts.rules, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.id else q.id end as order_id,
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
    -- Rule 5's test, per mentor: is the entry new for them?
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           private.rule5_new_for_mentor(
             rules => figure_parts.rules,
             first_of_day => r.rank = 1,
             first_to_name_a_contact => (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from rule5_first_mentions n)) as new
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
    -- Rule 7: each wanted mentor's entries, classified as for the organisation.
    select m.*
    from (select unnest(a.mentors) as scope, a.* from rule3_qualifying a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
  ), rule7_mentor_counting as not materialized (
    -- Rule 7: each wanted mentor's counting entries.
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from rule5_counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
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
           coalesce(sum(private.rule6_participants(rules => figure_parts.rules, contacts => s.contacts, anonymous => s.anonymous))
                      filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from rule3_qualifying a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
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

comment on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) is 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into. Its steps are named by rule; each rule''s test is a private.ruleN_* function.';

revoke all on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) from public, anon, authenticated, service_role;

-- db/src/private/generate_summaries.sql
-- Computes and upserts the organisation-wide summary and one per mentor who
-- took part in an activity of the period or already has a summary of it, all
-- from one run of the aggregation. Regeneration clears invalidation and bumps
-- the version.
create or replace function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  period_end date := private.summary_period_end(generate_summaries.period_type, generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(generate_summaries.org_id, generate_summaries.period_start, period_end);
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

comment on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Upserts the organisation-wide and per-mentor summaries of one period from one run of the aggregation.';

revoke all on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;

-- db/src/private/refresh_day_partials.sql
create or replace function private.refresh_day_partials(org_id uuid, period_start date, period_end date) returns integer
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    as $$
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

comment on function private.refresh_day_partials(org_id uuid, period_start date, period_end date) is 'Classifies the stale days of an organisation''s period again and stores their partial figures (cells, and entries left out per reason) and the days of its contacts and mentors, one rebuild per organisation at a time (private.lock_day_partials: at most a 5 s wait, then 55P03); returns how many days it rebuilt.';

revoke all on function private.refresh_day_partials(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;

-- db/src/private/stale_days.sql
-- The days of a period whose stored partials are missing or no longer match the
-- bookkeeping (as this transaction sees it) or the rule version.
create or replace function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) returns date[]
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    as $$
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

comment on function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) is 'The days of an organisation''s period whose partials must be classified again: missing, or marked with an older change, roster change or rule version.';

revoke all on function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) from public, anon, authenticated, service_role;

-- db/src/public/list_activities.sql
create or replace function public.list_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_registration
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
begin
  perform hidden.check_snapshot_key(list_activities.org_id, list_activities.period_start, list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(list_activities.org_id);
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

comment on function public.list_activities(org_id uuid, period_start date, period_end date) is 'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with sorted mentor and participant ids, in one set-based query under row-level security. Members and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.list_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to service_role;

-- migrate:down
comment on function private.rule2_fingerprint_term(member uuid) is null;

comment on function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is null;

comment on function private.rule2_twins(rules public.bufdir_counting_rules, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is null;

comment on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is null;

comment on function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) is null;

comment on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is null;

comment on function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) is null;

comment on function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) is null;

comment on function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) is null;

comment on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) is null;

drop function if exists private.rule2_fingerprint_term(uuid);

drop function if exists private.rule2_merge_target(public.bufdir_counting_rules, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_mergeable(public.bufdir_counting_rules, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_takes_twin_place(public.bufdir_counting_rules, timestamp with time zone, uuid, timestamp with time zone, uuid);

drop function if exists private.rule2_twins(public.bufdir_counting_rules, date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[], date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[]);

drop function if exists private.rule3_failure(public.bufdir_counting_rules, public.activity_kind, boolean, integer, integer);

drop function if exists private.rule4_active_mentor(public.bufdir_counting_rules, public.approval_status, date, date, date);

drop function if exists private.rule4_held_for_review(public.bufdir_counting_rules, public.organisation_review_limits, integer, integer, integer, timestamp with time zone);

drop function if exists private.rule4_left_out(public.bufdir_counting_rules, boolean, boolean);

drop function if exists private.rule5_new_for_mentor(public.bufdir_counting_rules, boolean, boolean);

drop function if exists private.rule6_participants(public.bufdir_counting_rules, uuid[], integer);

drop function if exists private.rule7_wanted(boolean, uuid[], uuid);

-- db/src/hidden/explain_entries.sql as at HEAD
-- The verdicts of the entries of a period (or of one activity) the caller may read.
create or replace function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) returns setof public.activity_verdict
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    as $$
-- Definer: rules 2, 4 and 5 compare an entry with every entry of its day, also
-- those the caller may not read. This body checks the caller first and returns
-- only the verdicts of entries the activities' read policy lets them read:
-- coordinators and admins all of the organisation's; approved mentors those they
-- took part in or registered; pending mentors those they registered.
declare
  caller uuid := hidden.request_user_id();
  sees_all boolean := hidden.is_service_role_request();
  approved_mentor boolean := false;
  rules public.bufdir_counting_rules := hidden.rules_in_force(explain_entries.period_start);
begin
  perform hidden.check_snapshot_key(explain_entries.org_id, explain_entries.period_start, explain_entries.period_end);
  if not sees_all then
    sees_all := hidden.caller_membership(explain_entries.org_id) in ('coordinator', 'admin');
    approved_mentor := explain_entries.org_id in (select hidden.caller_org_ids('{peer_mentor}'));
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
    from private.figure_parts(explain_entries.org_id,
                              array(select distinct r.activity_date from readable r where r.deleted_at is null),
                              rules, false, '{}', false, true) p
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

comment on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) is 'The security-definer body of public.explain_activities, public.explain_activity and public.count_entries_by_verdict, where PostgREST does not expose it: the verdict of each entry of the period (or of only_activity) the caller may read, from private.figure_parts.';

revoke all on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to authenticated;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to service_role;

-- db/src/private/activity_sets_by_id.sql as at HEAD
-- The same for a few days: their activities found by date, their links looked
-- up by id and hashed.
create or replace function private.activity_sets_by_id(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    set enable_sort to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
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

comment on function private.activity_sets_by_id(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, looking their links up by id (for days holding a small share of the organisation).';

revoke all on function private.activity_sets_by_id(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/activity_sets_in_key_order.sql as at HEAD
-- The live activities of an organisation's days with their mentor and contact
-- sets (in no particular order) and an order-free fingerprint of each set, from
-- the organisation's activities and link tables read in primary-key order and
-- merged: no sort, no hash table, whatever the statistics say.
create or replace function private.activity_sets_in_key_order(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'on'
    set enable_hashagg to 'off'
    set enable_sort to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'off'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
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
    and a.activity_date <@ (select private.days_as_multirange(activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;

comment on function private.activity_sets_in_key_order(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, reading the organisation''s activities and links in key order (for days holding much of the organisation).';

revoke all on function private.activity_sets_in_key_order(org_id uuid, days date[]) from public, anon, authenticated, service_role;

-- db/src/private/aggregate_figures.sql as at HEAD
create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) returns table(mentor_id uuid, figures jsonb)
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    set enable_sort to 'off'
    as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(aggregate_figures.period_start);
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;

  if not aggregate_figures.every_mentor and cardinality(aggregate_figures.mentor_ids) = 0 then
    -- The organisation alone: stored partials for the fresh days, a new
    -- classification for the stale ones.
    stale := private.stale_days(aggregate_figures.org_id, aggregate_figures.period_start, aggregate_figures.period_end, rules.version);
    -- The days whose stored partials (and with them the contacts' and mentors'
    -- days) hold: stored and not stale.
    fresh_days := private.days_as_multirange(array(
      select p.day from private.day_partials p
      where p.org_id = aggregate_figures.org_id and p.day between aggregate_figures.period_start and aggregate_figures.period_end
        and p.day <> all (stale)));
    with parts as materialized (
      select * from private.figure_parts(aggregate_figures.org_id, stale, rules, false, '{}', false)
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
    return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                         coalesce(cells, '{}'), distinct_counts, array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with parts as materialized (
    select * from private.figure_parts(aggregate_figures.org_id,
      array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules, aggregate_figures.every_mentor, aggregate_figures.mentor_ids, false)
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
  return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                       coalesce(cells, '{}'), coalesce(distinct_counts, '{}'), scopes);
end
$$;

comment on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) is 'The aggregation: the organisation''s figures (mentor_id null) from its day partials (cells and entries left out) where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run. PII-free by construction.';

revoke all on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) from public, anon, authenticated, service_role;

-- db/src/private/compute_metrics.sql as at HEAD
create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null::uuid) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select f.figures
  from private.aggregate_figures(compute_metrics.org_id, compute_metrics.period_start, compute_metrics.period_end,
                                 false, case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) is 'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures). PII-free by construction.';

revoke all on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/exceeds_review_limits.sql as at HEAD
-- The predicate the figures use to leave held entries out: true when a value
-- exceeds a limit that is set. Null limits (or no limits row) hold nothing.
create or replace function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) returns boolean
    language sql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select coalesce(exceeds_review_limits.minutes > (exceeds_review_limits.limits).max_minutes_per_activity, false)
      or coalesce(exceeds_review_limits.anonymous > (exceeds_review_limits.limits).max_anonymous_participants, false)
      or coalesce(exceeds_review_limits.known_participants > (exceeds_review_limits.limits).max_known_participants, false)
$$;

comment on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) is 'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null. Its pinned search_path keeps PostgreSQL from inlining it: a query over many activities writes the same three coalesce(value > limit, false) terms inline, with the limits read once (private.review_limits_of).';

revoke all on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) from public, anon, authenticated, service_role;

-- db/src/private/figure_parts.sql as at HEAD
create or replace function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean default false) returns table(scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text, left_out public.left_out_reason, activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint, member uuid, member_days datemultirange, members bigint, entry uuid, verdict public.entry_verdict, merged_into uuid)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashagg to 'on'
    set enable_sort to 'off'
    set enable_seqscan to 'on'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set max_parallel_workers_per_gather to '0'
    set work_mem to '16MB'
    as $$
  -- The planner settings above are measured for this statement, not defaults
  -- (docs/benchmarks.md): joins and groups are hashed and rule 5's numbering is
  -- the one sort; work_mem 16MB was faster than 64MB at a million activities,
  -- since the large sorts and stores spill to files either way and less fresh
  -- memory is faulted in. PostgreSQL keeps no comment between SET clauses, so
  -- the note stands here, in the body it tunes.
  with by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), eligible as (
    -- Rule 4: the days (of those asked for) each approved mentor is active.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id and mem.approval_status = 'approved'
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
  ), acts as materialized (
    -- Each activity with the reason it is left out of every figure, if any; the
    -- first that applies: none of its mentors approved and active on its date
    -- (rule 4), then held for review: a value above one of the organisation's
    -- review limits (read once, an init plan) and no confirmation. The limits'
    -- terms are written out here: a function with a pinned search path is never
    -- inlined and would cost a call per row.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
      case when not case cardinality(s.mentors)
                      when 0 then false
                      when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from eligible e)
                      else exists (select from unnest(s.mentors) m(mentor_id)
                                   where (m.mentor_id, s.day) in (select e.mentor_id, e.day from eligible e))
                    end
           then 'no_active_mentor'::public.left_out_reason
           when s.review_confirmed_at is null
                and (coalesce(s.minutes > (s.limits).max_minutes_per_activity, false)
                     or coalesce(s.anonymous > (s.limits).max_anonymous_participants, false)
                     or coalesce(cardinality(s.contacts) > (s.limits).max_known_participants, false))
           then 'held_for_review'::public.left_out_reason
      end as left_out
    from (
      select u.*, (select private.review_limits_of(figure_parts.org_id)) as limits
      from (
        select * from private.activity_sets_by_id(figure_parts.org_id, figure_parts.days)
        where (select b.chosen from by_id b)
        union all
        select * from private.activity_sets_in_key_order(figure_parts.org_id, figure_parts.days)
        where not (select b.chosen from by_id b)
      ) u
    ) s
  ), proxies as materialized (
    -- Rule 2 compares proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from acts p
    where p.path = 'proxy' and p.left_out is null
  ), twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on the day, the kind, every
    -- value a figure reads and the set fingerprints (hashed lookups, the first
    -- of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from acts d
    where case when d.path = 'direct' and d.left_out is null
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from proxies p)
            else false end
  ), duplicates as materialized (
    -- The proxy entries whose sets are those of such a direct entry, compared
    -- exactly (as sets: an activity lists a mentor or a contact once), with the
    -- direct entry they merge into.
    select p.id, p.created_at, t.id as direct_id
    from proxies p
    join twin_candidates t on t.day = p.day and t.kind = p.kind and t.county = p.county and t.minutes = p.minutes
      and t.anonymous = p.anonymous and t.in_norway = p.in_norway
      and t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
    where cardinality(p.mentors) = cardinality(t.mentors) and p.mentors <@ t.mentors
      and cardinality(p.contacts) = cardinality(t.contacts) and p.contacts <@ t.contacts
  ), merged_order as materialized (
    -- A direct entry with merged twins takes the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from duplicates d
    order by d.direct_id, d.created_at, d.id
  ), judged as not materialized (
    -- Rule 3 is one expression: what is wrong with the entry's kind, place or
    -- size (null: nothing). Rule 5 below counts only entries it passes, and an
    -- entry's verdict names it.
    select a.*,
      case when a.path = 'proxy' and a.left_out is null then a.id in (select d.id from duplicates d) else false end as is_duplicate,
      case when not a.kind = any ((figure_parts.rules).counting_kinds) then 'kind_not_counted'::public.entry_verdict
           when not (a.in_norway or not (figure_parts.rules).require_in_norway) then 'abroad'::public.entry_verdict
           when a.kind = 'in_person_outreach'
                and cardinality(a.contacts) + a.anonymous < (figure_parts.rules).outreach_min_participants
             then 'too_few_participants'::public.entry_verdict
           when a.kind = 'group_meeting'
                and cardinality(a.contacts) + a.anonymous < (figure_parts.rules).group_min_participants
             then 'too_few_participants'::public.entry_verdict
           when a.kind = 'group_meeting' and a.minutes < (figure_parts.rules).group_min_minutes
             then 'too_short'::public.entry_verdict
           when a.kind = 'mentor_course' and a.minutes < (figure_parts.rules).course_min_minutes
             then 'too_short'::public.entry_verdict
      end as fails_rule_3
    from acts a
  ), mentor_links as (
    -- Rule 3 per activity, then one row per active mentor,
    -- with the activity's place in registration order. Arrays are unnested in
    -- select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.created_at else q.created_at end as order_at,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.id else q.id end as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from judged q
      left join merged_order m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null and q.fails_rule_3 is null
    ) l
    -- An activity in scope with one mentor has them active; others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from eligible e)
  ), ranked as materialized (
    -- Rule 5, per active mentor and day: the activities numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from mentor_links l
  ), bringing_new as (
    -- The activities that are the first of the mentor's day to name a contact:
    -- the least number per (mentor, day, contact), hashed (the lookup below
    -- hashes the repeats away).
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), verdicts as materialized (
    -- New for the mentor: the first of their day, or the first to name a contact
    -- (a hashed lookup).
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           r.rank = 1 or (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from bringing_new n) as new
    from ranked r
  ), counting as not materialized (
    -- An activity counts when it is new for at least one of its active mentors:
    -- a single mentor's (active, so no arrays), and the co-mentored ones with
    -- their mentors and active mentors.
    select v.id, v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from verdicts v
    where v.one_mentor and v.new
    union all
    select v.id, min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), mentor_activities as not materialized (
    -- Each wanted mentor's activities (rule 7).
    select m.*
    from (select unnest(a.mentors) as scope, a.* from judged a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  ), mentor_counting as not materialized (
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  )
  -- Cells: grouped by day first, then by month when asked (a few thousand rows).
  -- Entries left out make cells of their own, keyed by the reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint,
         null::uuid, null::public.entry_verdict, null::uuid
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(cardinality(s.contacts) + s.anonymous) filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from judged a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
          from mentor_activities m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from judged a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from mentor_activities m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.day, c.kind, c.path, c.county from counting c
          union all
          select m.scope, m.day, m.kind, m.path, m.county from mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- The organisation's contacts (those of activities neither merged nor left
  -- out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1, null, null, null
  from (select a.day, unnest(a.contacts) as contact_id from judged a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1, null, null, null
  from (select unnest(a.contacts) as contact_id from judged a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- The organisation's active mentors of counting activities, each once, with
  -- the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1, null, null, null
  from (select c.day, c.mentor_id from counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Per wanted mentor, how many contacts and active mentors: counted here, as
  -- no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from mentor_activities m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id from mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
  union all
  -- Asked for entries: each activity of the days with the step that decided it,
  -- taken from the steps above in their order: left out (rule 4), merged as a
  -- proxy twin (rule 2), rule 3, and counting or not by rule 5 (the activities
  -- counted above). One row per activity, hashed lookups.
  select null, 'entry', j.day, j.kind, j.path, j.county, j.left_out,
         null, null, null, null, null, null, null, null, null,
         j.id,
         case when j.left_out is not null then j.left_out::text::public.entry_verdict
              when j.is_duplicate then 'merged_proxy_twin'::public.entry_verdict
              when j.fails_rule_3 is not null then j.fails_rule_3
              when j.id in (select c.id from counting c) then 'counts'::public.entry_verdict
              else 'same_day_repeat'::public.entry_verdict
         end,
         t.direct_id
  from judged j
  left join (select d.id, min(d.direct_id::text)::uuid as direct_id from duplicates d group by d.id) t on t.id = j.id
  where figure_parts.entries
$$;

comment on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) is 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into.';

revoke all on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) from public, anon, authenticated, service_role;

-- db/src/private/generate_summaries.sql as at HEAD
-- Computes and upserts the organisation-wide summary and one per mentor who
-- took part in an activity of the period or already has a summary of it, all
-- from one run of the aggregation. Regeneration clears invalidation and bumps
-- the version.
create or replace function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  period_end date := private.summary_period_end(generate_summaries.period_type, generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(generate_summaries.org_id, generate_summaries.period_start, period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, f.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end, f.figures
  from private.aggregate_figures(
    generate_summaries.org_id, generate_summaries.period_start, period_end, true,
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    array(select s.mentor_id from public.periodic_summaries s
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

comment on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Upserts the organisation-wide and per-mentor summaries of one period from one run of the aggregation.';

revoke all on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;

-- db/src/private/refresh_day_partials.sql as at HEAD
create or replace function private.refresh_day_partials(org_id uuid, period_start date, period_end date) returns integer
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(refresh_day_partials.period_start);
  stale date[];
  stale_set datemultirange;
begin
  if rules.version is null then
    return 0;
  end if;
  -- One rebuild per organisation at a time: a row lock only the owner can take.
  perform private.lock_day_partials(refresh_day_partials.org_id);
  stale := private.stale_days(refresh_day_partials.org_id, refresh_day_partials.period_start, refresh_day_partials.period_end, rules.version);
  if cardinality(stale) = 0 then
    return 0;
  end if;
  stale_set := private.days_as_multirange(stale);
  delete from private.day_partials p where p.org_id = refresh_day_partials.org_id and p.day = any (stale);

  -- One statement, so the markers and the classification see the same snapshot;
  -- the foreign keys to day_partials are checked when it ends.
  with parts as materialized (
    select * from private.figure_parts(refresh_day_partials.org_id, stale, rules, false, '{}', true)
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

comment on function private.refresh_day_partials(org_id uuid, period_start date, period_end date) is 'Classifies the stale days of an organisation''s period again and stores their partial figures (cells, and entries left out per reason) and the days of its contacts and mentors, one rebuild per organisation at a time (private.lock_day_partials: at most a 5 s wait, then 55P03); returns how many days it rebuilt.';

revoke all on function private.refresh_day_partials(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;

-- db/src/private/stale_days.sql as at HEAD
-- The days of a period whose stored partials are missing or no longer match the
-- bookkeeping (as this transaction sees it) or the rule version.
create or replace function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) returns date[]
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    as $$
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

comment on function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) is 'The days of an organisation''s period whose partials must be classified again: missing, or marked with an older change, roster change or rule version.';

revoke all on function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text) from public, anon, authenticated, service_role;

-- db/src/public/list_activities.sql as at HEAD
create or replace function public.list_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_registration
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    as $$
begin
  perform hidden.check_snapshot_key(list_activities.org_id, list_activities.period_start, list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(list_activities.org_id);
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

comment on function public.list_activities(org_id uuid, period_start date, period_end date) is 'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with sorted mentor and participant ids, in one set-based query under row-level security. Members and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.list_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to service_role;
