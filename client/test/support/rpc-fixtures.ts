/**
 * Small functions and one RLS table for exercising the transports and the
 * PostgREST fetch; created in each test file's own database only.
 */

export const USER_A = "0a0a0a0a-0000-4000-8000-00000000000a";
export const USER_B = "0b0b0b0b-0000-4000-8000-00000000000b";
/** Writes in tests act as this user, so A's and B's rows never change. */
export const USER_WRITER = "0c0c0c0c-0000-4000-8000-00000000000c";

/** An int8 that JSON numbers cannot hold: 2^53 + 1. */
export const UNSAFE_INT8 = "9007199254740993";

export const RPC_FIXTURES_SQL = `
create type public.test_identity as (db_role text, user_id uuid, email text, jwt_role text);
create function public.test_whoami() returns public.test_identity
language sql stable as $$ select current_user::text, auth.uid(), auth.email(), auth.role() $$;

create table public.test_notes (id bigint primary key, owner_id uuid not null, body text not null);
alter table public.test_notes enable row level security;
create policy select_own on public.test_notes for select to authenticated using (owner_id = (select auth.uid()));
create policy insert_own on public.test_notes for insert to authenticated with check (owner_id = (select auth.uid()));
insert into public.test_notes values (1, '${USER_A}', 'a1'), (2, '${USER_A}', 'a2'), (3, '${USER_B}', 'b1');

create function public.test_list_notes() returns setof public.test_notes
language sql stable as $$ select * from public.test_notes order by id $$;
create function public.test_note_ids() returns setof bigint
language sql stable as $$ select id from public.test_notes order by id $$;
create function public.test_count_notes() returns bigint
language sql stable as $$ select count(*) from public.test_notes $$;
create function public.test_find_note(note_id bigint) returns public.test_notes
language sql stable as $$ select * from public.test_notes n where n.id = test_find_note.note_id $$;
create function public.test_add_note(note_id bigint, body text) returns void
language sql volatile as $$ insert into public.test_notes (id, owner_id, body) values (note_id, auth.uid(), body) $$;

create function public.test_raise(code text) returns void
language plpgsql volatile as $$
begin
  raise exception using errcode = test_raise.code, message = 'raised ' || test_raise.code,
    detail = 'detail of ' || test_raise.code, hint = 'hint for ' || test_raise.code;
end
$$;

create type public.test_echo_row as (t text, n bigint, b boolean, d date, j jsonb);
create function public.test_echo(t text, n bigint, b boolean, d date, j jsonb) returns public.test_echo_row
language sql immutable as $$ select t, n, b, d, j $$;
create function public.test_echo_default(t text, suffix text default '!') returns text
language sql immutable as $$ select t || suffix $$;

create function public.test_values() returns table(day date, at timestamptz, big bigint, small bigint, ratio numeric, days date[], bigs bigint[])
language sql immutable as $$
  select date '2026-01-01', timestamptz '2026-05-01 12:00:00+00', ${UNSAFE_INT8}::bigint, 42::bigint, 1.10::numeric,
         array[date '2026-01-01', null], array[${UNSAFE_INT8}::bigint, 7]
$$;
create function public.test_day() returns date language sql immutable as $$ select date '2026-01-01' $$;

create function public.test_secret() returns int language sql stable as $$ select 42 $$;

-- Nothing in public is granted by default: each fixture states its grants, as the migrations do.
grant select, insert on table public.test_notes to anon, authenticated, service_role;
grant execute on function public.test_whoami(), public.test_list_notes(), public.test_note_ids(), public.test_count_notes(),
  public.test_find_note(bigint), public.test_add_note(bigint, text), public.test_raise(text),
  public.test_echo(text, bigint, boolean, date, jsonb), public.test_echo_default(text, text), public.test_values(),
  public.test_day()
  to anon, authenticated, service_role;
grant execute on function public.test_secret() to authenticated, service_role;
`;
