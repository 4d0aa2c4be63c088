create or replace function private.guard_review_confirmation() returns trigger
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- Only the table owner writes a confirmation: confirm_activity's definer body
  -- and the owner's triggers run as it; the API roles never do.
  if (tg_op = 'INSERT' and (new.review_confirmed_at is not null or new.review_confirmed_by is not null))
     or (tg_op = 'UPDATE' and (new.review_confirmed_at, new.review_confirmed_by)
                              is distinct from (old.review_confirmed_at, old.review_confirmed_by)) then
    if not pg_catalog.pg_has_role(current_user,
             (select c.relowner from pg_catalog.pg_class c where c.oid = tg_relid), 'MEMBER') then
      raise exception 'permission denied: review_confirmed_at and review_confirmed_by are set by confirm_activity only'
        using errcode = '42501';
    end if;
  end if;
  -- A confirmation holds for the values confirmed.
  if tg_op = 'UPDATE' and old.review_confirmed_at is not null
     and (new.kind, new.activity_date, new.duration_minutes, new.anonymous_participants, new.municipality_code,
          new.municipality_code_version, new.in_norway, new.registration_path, new.deleted_at)
         is distinct from
         (old.kind, old.activity_date, old.duration_minutes, old.anonymous_participants, old.municipality_code,
          old.municipality_code_version, old.in_norway, old.registration_path, old.deleted_at) then
    new.review_confirmed_at := null;
    new.review_confirmed_by := null;
  end if;
  return new;
end
$$;

comment on function private.guard_review_confirmation() is 'Row trigger on activities: refuses (42501) a review confirmation written by anyone but the table owner (confirm_activity), and clears a confirmation when the entry''s counted values change.';

revoke all on function private.guard_review_confirmation() from public, anon, authenticated, service_role;
