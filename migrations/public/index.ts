import type { Migration } from '@/migrations/types';
import * as m001 from './2026_11_22_001_create_tenants';
import * as m002 from './2026_11_26_001_create_login_limits';
import * as m003 from './2026_11_27_001_add_domain_verification';
import * as m101 from './2026_11_27_101_add_tenant_limits';
import * as m102 from './2026_11_27_102_create_audit_log';
import * as m004 from './2026_11_27_201_tenant_public_reads';
import * as m311 from './2026_11_27_311_add_audit_tenant_id';
import * as m311j from './2026_11_27_311_tenant_job_functions';
import * as m312 from './2026_11_27_312_create_impersonation_tokens';
import * as m401 from './2026_11_27_401_create_pool_samples';
import * as m501 from './2026_12_05_501_tenant_fair_share';
import * as m601 from './2026_12_05_601_tenant_usage';
import * as m701 from './2026_12_05_701_create_session_handoffs';
import * as m801 from './2026_12_05_801_superuser_two_factor';
import * as m901 from './2026_12_06_901_tenant_default_locale';

// Listed explicitly (not read from disk) so the Next.js server bundle carries them too.
export const publicMigrations: Migration[] = [m001, m002, m003, m101, m102, m004, m311, m311j, m312, m401, m501, m601, m701, m801, m901];
