drop policy if exists select_members on public.organisation_review_limits;
create policy select_members on public.organisation_review_limits for select to authenticated using ((org_id in ( select hidden.caller_org_ids() as caller_org_ids)));

comment on policy select_members on public.organisation_review_limits is 'The organisation''s approved members read its review limits; admins change them through set_review_limits.';
