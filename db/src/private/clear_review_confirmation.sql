create or replace function private.clear_review_confirmation() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: clears the confirmation as the table owner, whoever changed the links.
begin
  -- Driven by the few confirmed entries (a partial index), not by the links:
  -- a bulk load of links costs one probe of an almost empty index.
  if tg_op = 'INSERT' then
    update public.activities a
    set review_confirmed_at = null, review_confirmed_by = null
    where a.review_confirmed_at is not null
      and exists (select from new_rows n where n.org_id = a.org_id and n.activity_id = a.id);
  else
    update public.activities a
    set review_confirmed_at = null, review_confirmed_by = null
    where a.review_confirmed_at is not null
      and exists (select from old_rows o where o.org_id = a.org_id and o.activity_id = a.id);
  end if;
  return null;
end
$$;

comment on function private.clear_review_confirmation() is 'Statement trigger on activity_participants (insert, delete): clears the review confirmation of every activity whose participants changed.';

revoke all on function private.clear_review_confirmation() from public, anon, authenticated, service_role;
