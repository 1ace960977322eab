import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_311_tenant_job_functions';

// The only door from a tenant transaction into the job queue (issue 12, two-role mode). In a
// request, jobs are queued inside the tenant's transaction after `SET LOCAL ROLE tenant_<schema>`,
// and tenant roles have no right on graphile_worker: they may neither read the jobs (other
// tenants' payloads) nor remove or replace them. The two wrappers run as their owner (SECURITY
// DEFINER, pinned search_path) and accept a call only
// - for the tenant whose role is the current `role` setting (the role withTenant switched to; a
//   SECURITY DEFINER function does not change that setting), or
// - with no role switched, from a session of the owner itself (its tools; single-role mode, where
//   the one role is the owner) or of a superuser.
// The request role outside a tenant transaction is refused. The tenant id is written into the
// payload and every job key is prefixed with the task and the tenant id, so a tenant can queue,
// replace and remove its own jobs only. EXECUTE stays with PUBLIC (the default): every tenant role
// has it without a grant per tenant or a group membership (at 10,000 tenants either costs: an ACL
// of 10,000 entries, or 10,000 more memberships to walk whenever a backend checks SET ROLE).
// plpgsql, not SQL functions: their bodies are not resolved when created, so this migration runs
// before graphile-worker installs its schema, and on Citus workers that have none.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Mirrors tenantRoleName() in lib/tenancy/tenant-roles.ts (a test keeps the two equal).
  await sql`create function quorum_tenant_role(schema_name text) returns text
    language sql immutable strict parallel safe
    as $fn$ select case when length(schema_name) <= 56 then 'tenant_' || schema_name
      else 'tenant_' || left(schema_name, 46) || '_' || left(encode(sha256(convert_to(schema_name, 'UTF8')), 'hex'), 9) end $fn$`.execute(
    db,
  );

  // Private to the two wrappers (they run as the owner, who may call it; PUBLIC may not).
  // eslint-disable-next-line no-restricted-syntax -- a function's own pinned search_path (CVE-2018-1058 hygiene), not a tenant context
  await sql`create function quorum_assert_job_tenant(p_tenant integer) returns void
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp
    as $fn$
    declare
      r text := current_setting('role');
    begin
      if r = 'none' then
        -- current_user is this function's owner here (SECURITY DEFINER).
        if session_user = current_user or exists (select from pg_roles where rolname = session_user and rolsuper) then
          return;
        end if;
        raise exception 'jobs are queued from a tenant transaction (or by the owner)' using errcode = '42501';
      end if;
      if not exists (select from public.tenants t where t.id = p_tenant and public.quorum_tenant_role(t.schema_name) = r) then
        raise exception 'a tenant can only queue and remove its own jobs' using errcode = '42501';
      end if;
    end $fn$`.execute(db);
  await sql`revoke all on function quorum_assert_job_tenant(integer) from public`.execute(db);

  // eslint-disable-next-line no-restricted-syntax -- as above
  await sql`create function quorum_add_tenant_job(p_tenant integer, p_task text, p_payload json, p_run_at timestamptz, p_max_attempts integer, p_key text)
    returns void
    language plpgsql volatile security definer set search_path = pg_catalog, pg_temp
    as $fn$
    begin
      perform public.quorum_assert_job_tenant(p_tenant);
      perform graphile_worker.add_job(
        p_task,
        (coalesce(p_payload::jsonb, '{}'::jsonb) || jsonb_build_object('tenantId', p_tenant))::json,
        run_at => p_run_at,
        max_attempts => p_max_attempts,
        job_key => case when p_key is null then null else p_task || ':' || p_tenant || ':' || p_key end);
    end $fn$`.execute(db);

  // eslint-disable-next-line no-restricted-syntax -- as above
  await sql`create function quorum_remove_tenant_job(p_tenant integer, p_task text, p_key text) returns void
    language plpgsql volatile security definer set search_path = pg_catalog, pg_temp
    as $fn$
    begin
      perform public.quorum_assert_job_tenant(p_tenant);
      perform graphile_worker.remove_job(p_task || ':' || p_tenant || ':' || p_key);
    end $fn$`.execute(db);
}
