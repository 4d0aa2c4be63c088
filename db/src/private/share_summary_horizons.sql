create or replace function private.share_summary_horizons(org_ids uuid[]) returns void
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  -- In milliseconds; 0 means no timeout.
  caller_timeout bigint := (select s.setting::bigint from pg_catalog.pg_settings s where s.name = 'lock_timeout');
begin
  -- Rows come with their organisations; one that is missing is made here.
  insert into private.summary_horizons (org_id)
  select distinct o from pg_catalog.unnest(share_summary_horizons.org_ids) o
  where not exists (select from private.summary_horizons h where h.org_id = o)
  order by o
  on conflict on constraint summary_horizons_pkey do nothing;
  -- The caller's lock_timeout when it is shorter, else 5 s; the caller's setting
  -- is restored afterwards (an error ends the transaction anyway).
  perform pg_catalog.set_config('lock_timeout',
    case when caller_timeout between 1 and 5000 then caller_timeout::text else '5000' end, true);
  perform from private.summary_horizons h
  where h.org_id = any (share_summary_horizons.org_ids)
  order by h.org_id
  for share;
  perform pg_catalog.set_config('lock_timeout', caller_timeout::text, true);
end
$$;

comment on function private.share_summary_horizons(org_ids uuid[]) is 'Takes the sync horizon of each organisation in shared mode until the transaction ends (making its row when missing), in organisation order, waiting at most 5 s or the caller''s shorter lock_timeout (then 55P03).';

revoke all on function private.share_summary_horizons(org_ids uuid[]) from public, anon, authenticated, service_role;
