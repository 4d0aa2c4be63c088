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

comment on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) is 'The security-definer body of public.explain_activities, public.explain_activity and public.count_entries_by_verdict, where PostgREST does not expose it: the verdict of each entry of the period (or of only_activity) the caller may read, from private.figure_parts.';

revoke all on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to authenticated;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to service_role;
