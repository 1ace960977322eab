'use server';

// The two-factor pages' server actions (built in ../two-factor-actions.ts): tenant users on
// /settings/security, superusers on /admin/two-factor.
import { superuserTwoFactor, tenantTwoFactor } from '@/lib/features/auth/two-factor-actions';

export const beginTenantTwoFactorAction = tenantTwoFactor.begin;
export const confirmTenantTwoFactorAction = tenantTwoFactor.confirm;
export const disableTenantTwoFactorAction = tenantTwoFactor.disable;
export const regenerateTenantRecoveryCodesAction = tenantTwoFactor.regenerate;
export const tenantTwoFactorPolicyAction = tenantTwoFactor.policy;
export const beginSuperuserTwoFactorAction = superuserTwoFactor.begin;
export const confirmSuperuserTwoFactorAction = superuserTwoFactor.confirm;
export const disableSuperuserTwoFactorAction = superuserTwoFactor.disable;
export const regenerateSuperuserRecoveryCodesAction = superuserTwoFactor.regenerate;
export const superuserTwoFactorPolicyAction = superuserTwoFactor.policy;
