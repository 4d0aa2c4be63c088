-- Every figure of two documents that differs, by dotted path. computed_in says
-- when, not what, so it is not a figure; an empty section has no figures.
create or replace function private.figure_differences(persisted jsonb, recomputed jsonb) returns table(figure text, persisted_value jsonb, recomputed_value jsonb)
    language sql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  with documents(side, doc) as (
    values ('p', figure_differences.persisted - 'computed_in'), ('r', figure_differences.recomputed - 'computed_in')
  ), leaves as (
    select d.side, top.key || coalesce('.' || inner_.key, '') as figure, coalesce(inner_.value, top.value) as value
    from documents d
    cross join lateral jsonb_each(d.doc) top
    left join lateral jsonb_each(case when jsonb_typeof(top.value) = 'object' then top.value end) inner_ on true
    where jsonb_typeof(top.value) <> 'object' or inner_.key is not null
  )
  select coalesce(p.figure, r.figure), p.value, r.value
  from (select * from leaves where side = 'p') p
  full join (select * from leaves where side = 'r') r on r.figure = p.figure
  where p.value is distinct from r.value
  order by 1
$$;

comment on function private.figure_differences(persisted jsonb, recomputed jsonb) is 'Compares two figure documents leaf by leaf; returns only the leaves that differ.';

revoke all on function private.figure_differences(persisted jsonb, recomputed jsonb) from public, anon, authenticated, service_role;
