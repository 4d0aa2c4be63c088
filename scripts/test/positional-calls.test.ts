import { describe, expect, it } from "vitest";
import { describeCall, positionalCalls, positionalCallsInSources } from "../lib/positional-calls.ts";

const definition = `create or replace function private.f(org_id uuid, roles text[] default null) returns int
    language sql stable
    as $$ select 1 $$;
comment on function private.f(org_id uuid, roles text[]) is 'f';
grant execute on function private.f(org_id uuid, roles text[]) to authenticated;
`;

/** The calls by position in a source that defines private.f and then holds `text`. */
function callsIn(text: string): string[] {
  return positionalCalls([{ file: "a.sql", text: definition + text }]).map(describeCall);
}

describe("calls of the project's functions", () => {
  it("name their arguments everywhere in db/src", () => {
    expect(positionalCallsInSources().map(describeCall)).toEqual([]);
  });

  it("are reported when an argument is passed by position, in a body and in a policy", () => {
    expect(callsIn(`create or replace function private.g() returns int language plpgsql as $$
begin
  perform private.f(gen_random_uuid(), '{admin}');
  return 1;
end
$$;
create policy p on public.t for select to authenticated using (org_id in (select private.f(org_id)));
`)).toEqual([
      "a.sql:8: private.f(gen_random_uuid(), '{admin}')",
      "a.sql:12: private.f(org_id)",
    ]);
  });

  it("are reported when only some arguments are named, or only a nested call's are", () => {
    expect(callsIn("select private.f(x, roles => '{admin}');\nselect private.f(private.f(org_id => x));\n")).toEqual([
      "a.sql:6: private.f(x, roles => '{admin}')",
      "a.sql:7: private.f(private.f(org_id => x))",
    ]);
  });

  it("are read inside a format string nested in a body", () => {
    expect(callsIn("do $$ begin execute format($fmt$select private.f(%L)$fmt$, 'x'); end $$;\n")).toEqual([
      "a.sql:6: private.f(%L)",
    ]);
  });

  it("pass when named, empty, or not a call", () => {
    expect(callsIn(`select private.f(org_id => x, roles => array['admin', 'coordinator']);
select private.f(
  org_id => (select o.id from t o where o.n = any (array[1, 2])));
select private.f();
-- an old call: private.f(x)
/* and another: private.f(x, y) */
select 'private.f(x)', e'it\\'s private.f(x)', "private.f(x)" from t;
select public.now(x);
`)).toEqual([]);
  });
});
