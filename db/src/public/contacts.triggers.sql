create or replace trigger forbid_tenant_change before update on public.contacts for each row execute function private.forbid_tenant_change();

create or replace trigger touch_updated_at before update on public.contacts for each row execute function private.touch_updated_at();
