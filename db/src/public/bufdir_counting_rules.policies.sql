drop policy if exists select_authenticated on public.bufdir_counting_rules;
create policy select_authenticated on public.bufdir_counting_rules for select to authenticated using (true);

comment on policy select_authenticated on public.bufdir_counting_rules is 'The rules are public knowledge: every signed-in user may read them.';
