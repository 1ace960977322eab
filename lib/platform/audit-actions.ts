// The audit log's action codes in words, for people reading the log (the tenant's /audit and the
// operator's /admin/audit share these). The code stays the record and the filter's value.

const WORDS: Record<string, string> = {
  'user.create': 'Added a user',
  'user.invite': 'Invited a user',
  'user.role': 'Changed a user’s role',
  'user.remove': 'Removed a user',
  'user.password_reset': 'Set a new password for a user',
  'tenant.settings': 'Changed the organisation’s settings',
  'tenant.logo': 'Uploaded a new logo',
  'tenant.logo_remove': 'Removed the logo',
  'domain.add': 'Added a domain',
  'domain.verify': 'Verified a domain',
  'domain.primary': 'Made a domain the primary one',
  'domain.remove': 'Removed a domain',
  'impersonation.link': 'Made a link to open the organisation as a user',
  'impersonation.start': 'Operator opened the organisation as a user',
  'impersonation.end': 'Operator stopped acting as a user',
  'tenant.create': 'Created a tenant',
  'tenant.update': 'Changed a tenant’s name or billing',
  'tenant.limits': 'Changed a tenant’s limits',
  'tenant.suspend': 'Suspended a tenant',
  'tenant.resume': 'Resumed a tenant',
  'tenant.rename': 'Renamed a tenant',
  'tenant.move': 'Moved a tenant to another node',
  'tenant.clone': 'Cloned a tenant',
  'tenant.export': 'Exported a tenant',
  'tenant.import': 'Imported a tenant',
  'tenant.delete': 'Deleted a tenant',
  'migrations.apply': 'Ran tenant migrations',
  'superuser.create': 'Created a superuser',
  'api_token.create': 'Made a personal API token',
  'api_token.revoke': 'Revoked a personal API token',
  'two_factor.enable': 'Turned two-factor sign-in on',
  'two_factor.disable': 'Turned two-factor sign-in off',
  'two_factor.recovery_code_used': 'Signed in with a recovery code',
  'two_factor.recovery_codes_regenerated': 'Made a new set of two-factor recovery codes (the old ones stopped working)',
  'two_factor.reset': 'Operator turned two-factor sign-in off (lost phone)',
  'sso.settings': 'Changed the single sign-on settings',
  'sso.login': 'Signed in with single sign-on',
  'sso.member_created': 'Joined as a member through single sign-on',
  'webhook.create': 'Added a webhook endpoint',
  'webhook.enable': 'Switched a webhook endpoint on',
  'webhook.disable': 'Switched a webhook endpoint off',
  'webhook.delete': 'Deleted a webhook endpoint',
  'webhook.resend': 'Resent a webhook delivery',
};

/** The action in words ("user.invite" → "Invited a user"); an unknown code is shown as it is. */
export function auditActionWords(action: string): string {
  return Object.hasOwn(WORDS, action) ? WORDS[action]! : action;
}
