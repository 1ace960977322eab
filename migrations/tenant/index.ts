import type { Migration } from '@/migrations/types';
import * as m001 from './2026_11_22_001_create_users';
import * as m002 from './2026_11_22_002_create_polls';
import * as m003 from './2026_11_22_003_create_api_tokens';
import * as m004 from './2026_11_27_001_add_poll_closing';
import * as m005 from './2026_11_27_002_create_email_tokens';
import * as m006 from './2026_11_27_201_votes_outlive_users';
import * as m007 from './2026_11_27_301_poll_vote_options';
import * as m008 from './2026_12_05_201_choice_vote_counts';
import * as m009 from './2026_12_05_401_two_factor_and_personal_tokens';
import * as m010 from './2026_12_05_501_single_sign_on';
import * as m011 from './2026_12_05_601_webhooks';
import * as m012 from './2026_12_06_701_user_locale';

// Listed explicitly (not read from disk) so the Next.js server bundle carries them too;
// provisioning applies all of them inside the tenant's creating transaction.
export const tenantMigrations: Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012];

// Statements that recompute data derived from the rows (search_path = the tenant's schema): run
// by import and clone after their bulk load, in the same transaction (lib/tenancy/lifecycle.ts).
export const tenantRecounts: string[] = [m008.RECOUNT_VOTES_SQL];

// Statements for a loaded copy (import, clone with data) that must not act as its source, run
// after the recounts in the same transaction: its webhook endpoints start switched off.
export const tenantAfterCopy: string[] = [...m011.AFTER_COPY_SQL];
