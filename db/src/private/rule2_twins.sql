-- Rule 2's test: a proxy entry and a direct one are twins when they agree on
-- the date, the kind, every value a figure reads, and the sets of mentors and
-- contacts (compared as sets: an activity lists a mentor or a contact once).
-- Inlined, it is a conjunction of equalities the planner hashes on.
create or replace function private.rule2_twins(
    logic_version integer,
    proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer,
    proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[],
    direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer,
    direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) returns boolean
    language sql immutable parallel safe
    return proxy_day = direct_day and proxy_kind = direct_kind and proxy_county = direct_county
       and proxy_minutes = direct_minutes and proxy_anonymous = direct_anonymous and proxy_in_norway = direct_in_norway
       and cardinality(proxy_mentors) = cardinality(direct_mentors) and proxy_mentors <@ direct_mentors
       and cardinality(proxy_contacts) = cardinality(direct_contacts) and proxy_contacts <@ direct_contacts;

comment on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is 'Rule 2: true when a proxy entry is a twin of a direct one (same date, kind, county, minutes, anonymous head count, in-Norway flag, and the same sets of mentors and contacts). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) from public, anon, authenticated, service_role;
