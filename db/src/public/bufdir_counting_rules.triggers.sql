create or replace trigger refuse_rule_change before delete or update on public.bufdir_counting_rules for each row execute function private.refuse_rule_change();
