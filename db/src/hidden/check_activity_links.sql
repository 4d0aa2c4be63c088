-- Runs as the caller: a contact the caller cannot read is not found here, so
-- linking it is refused exactly as linking one that does not exist (no oracle).
create or replace function hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]) returns void
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
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

comment on function hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]) is 'Refuses (23503) a mentor who is not a current member and a contact the caller cannot read or that does not exist, with the same error for both.';

revoke all on function hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]) from public, anon, authenticated, service_role;
grant execute on function hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]) to authenticated;
grant execute on function hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[]) to service_role;
