-- Purpose: Bufdir's counting rules as versioned data.
-- Objects: table bufdir_counting_rules (with version 2026.1), trigger refusing
--          edits of a rule version, function hidden.rules_in_force(date).
-- Why: thresholds and counting kinds have changed between years and must be
-- reproducible: every snapshot records the rule version that produced it, and a
-- version, once written, never changes (a new rule is a new version).

-- migrate:up
create table public.bufdir_counting_rules (
  version text primary key check (version ~ '^[0-9]{4}\.[0-9]{1,3}$'),
  valid_from date not null unique,
  counting_kinds public.activity_kind[] not null,
  outreach_min_participants integer not null check (outreach_min_participants >= 0),
  group_min_participants integer not null check (group_min_participants >= 0),
  group_min_minutes integer not null check (group_min_minutes >= 0),
  course_min_minutes integer not null check (course_min_minutes >= 0),
  require_in_norway boolean not null,
  description text not null,
  created_at timestamptz not null default now()
);
comment on table public.bufdir_counting_rules is
  'Versioned Bufdir counting rules. The version in force for a period is the one with the latest valid_from on or before the period''s start. Rows are immutable.';
alter table public.bufdir_counting_rules enable row level security;

create policy select_authenticated on public.bufdir_counting_rules for select to authenticated
  using (true);
comment on policy select_authenticated on public.bufdir_counting_rules is 'The rules are public knowledge: every signed-in user may read them.';

create function private.refuse_rule_change() returns trigger
language plpgsql
as $$
begin
  raise exception 'counting rule version % is immutable: add a new version instead', old.version
    using errcode = '42501';
end
$$;
comment on function private.refuse_rule_change() is 'Trigger: a rule version never changes once written.';
create trigger refuse_rule_change before update or delete on public.bufdir_counting_rules
  for each row execute function private.refuse_rule_change();

create function hidden.rules_in_force(on_date date)
returns public.bufdir_counting_rules
language sql stable
as $$
  select r.* from public.bufdir_counting_rules r
  where r.valid_from <= rules_in_force.on_date
  order by r.valid_from desc
  limit 1
$$;
comment on function hidden.rules_in_force(date) is 'The counting rules in force on a date (null when none is).';
revoke all on function hidden.rules_in_force(date) from public, anon;
grant execute on function hidden.rules_in_force(date) to authenticated, service_role;

insert into public.bufdir_counting_rules
  (version, valid_from, counting_kinds, outreach_min_participants, group_min_participants,
   group_min_minutes, course_min_minutes, require_in_norway, description)
values
  ('2026.1', '2000-01-01', '{in_person_outreach,group_meeting,mentor_course}', 1, 3, 45, 90, true,
   'Activity-days of in-person outreach, groups of at least 3 participants and 45 minutes, and mentor courses of at least 2x45 minutes, in Norway, by active approved mentors.');

-- migrate:down
drop function hidden.rules_in_force(date);
drop table public.bufdir_counting_rules;
drop function private.refuse_rule_change();
