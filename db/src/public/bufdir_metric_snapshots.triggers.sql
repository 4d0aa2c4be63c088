create or replace trigger forbid_tenant_change before update on public.bufdir_metric_snapshots for each row execute function private.forbid_tenant_change();

create or replace trigger reject_pii_in_figures before insert or update of snapshot_json on public.bufdir_metric_snapshots for each row execute function private.reject_pii_in_figures('snapshot_json');

create or replace trigger stamp_snapshot before insert or update on public.bufdir_metric_snapshots for each row execute function private.stamp_snapshot();
