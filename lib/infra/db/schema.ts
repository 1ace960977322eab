import type { ColumnType, Generated, Selectable } from 'kysely';

// Table interfaces: the one place types flow from. Public tables live in `public`;
// tenant tables exist once per tenant schema and are reached only through withTenant.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface TenantsTable {
  id: Generated<number>;
  schema_name: string;
  name: string;
  paid_until: ColumnType<string | null, string | null | undefined, string | null>;
  on_trial: Generated<boolean>;
  /** Anonymous clients may read polls through the JSON API (never with emails). */
  public_reads: Generated<boolean>;
  status: Generated<'active' | 'suspended'>;
  created_at: Timestamp;
  migration_version: string | null;
  migration_status: Generated<'ok' | 'failed' | 'pending'>;
  migration_error: string | null;
  migrated_at: Timestamp | null;
  /** null = the default (QUORUM_STATEMENT_TIMEOUT_MS). */
  statement_timeout_ms: ColumnType<number | null, number | null | undefined, number | null>;
  /** Quotas; null = unlimited. */
  max_polls: ColumnType<number | null, number | null | undefined, number | null>;
  max_users: ColumnType<number | null, number | null | undefined, number | null>;
  /** Issue 21: this tenant's K (fair share), requests/s for the tenant and per client address. */
  max_concurrency: ColumnType<number | null, number | null | undefined, number | null>;
  rate_limit: ColumnType<number | null, number | null | undefined, number | null>;
  rate_limit_per_address: ColumnType<number | null, number | null | undefined, number | null>;
  /** Issue 25, part 3: the organisation's language ('en', 'de': lib/config/locale.ts). */
  default_locale: Generated<string>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor: string;
  action: string;
  tenant: string | null;
  /** The tenant's id (stable across renames); null for entries about no tenant. */
  tenant_id: number | null;
  detail: ColumnType<unknown, string | undefined, never>;
  address: string | null;
}

/** Single-use "open as" links: only the token's SHA-256 is stored. */
export interface ImpersonationTokensTable {
  token_hash: string;
  tenant_id: number;
  user_id: number;
  superuser_id: number;
  superuser_email: string;
  created_at: Timestamp;
  expires_at: Date;
  used_at: Date | null;
  ended_at: Date | null;
}

export interface SessionHandoffsTable {
  token_hash: string;
  tenant_id: number;
  user_id: number;
  created_at: Timestamp;
  expires_at: Date;
  used_at: Date | null;
}

export interface DomainsTable {
  id: Generated<number>;
  domain: string;
  tenant_id: number;
  is_primary: Generated<boolean>;
  /** false while a custom domain waits for its TXT record (pending domains do not route). */
  verified: Generated<boolean>;
  verification_token: string | null;
}

export interface SuperusersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  created_at: Timestamp;
  /** Two-factor (issue 23): see UsersTable. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
}

export interface SuperuserRecoveryCodesTable {
  id: Generated<number>;
  superuser_id: number;
  code_hash: string;
  used_at: NullableTimestamp;
}

/** Operator settings: one boolean per key; a missing key takes its default. */
export interface OperatorSettingsTable {
  key: string;
  value: boolean;
  updated_at: Generated<Date>;
}

export interface MigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface LoginLimitsTable {
  key: string;
  hits: number;
  resets_at: Timestamp;
}

/** PgBouncer's pool use, one row a minute (lib/admin/pool-sampler.ts). */
export interface PoolSamplesTable {
  sampled_at: Timestamp;
  cl_active: number;
  cl_waiting: number;
  sv_active: number;
  sv_idle: number;
  sv_used: number;
  /** The longest a client has waited, in seconds (the worst pool). */
  maxwait_s: number;
  /** Transactions per second (PgBouncer's averages over its last stats period). */
  xact_per_s: number;
}

/** Usage per tenant and minute, summed over the server processes (issue 21, part 5). */
export interface TenantUsageTable {
  minute: Timestamp;
  tenant_id: number;
  requests: number;
  /** Milliseconds the tenant's transactions held a database connection. */
  db_ms: number;
  /** Requests refused with 429 (over the tenant's or a client's rate). */
  throttled: number;
  /** Tenant work refused with 503 (fair share used up, statement timeout, deadline). */
  refused: number;
}

export interface PublicDatabase {
  'public.tenants': TenantsTable;
  'public.audit_log': AuditLogTable;
  'public.impersonation_tokens': ImpersonationTokensTable;
  'public.session_handoffs': SessionHandoffsTable;
  'public.domains': DomainsTable;
  'public.superusers': SuperusersTable;
  'public.superuser_recovery_codes': SuperuserRecoveryCodesTable;
  'public.operator_settings': OperatorSettingsTable;
  'public.quorum_migrations': MigrationsTable;
  'public.login_limits': LoginLimitsTable;
  'public.pool_samples': PoolSamplesTable;
  'public.tenant_usage': TenantUsageTable;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: 'admin' | 'member';
  created_at: Timestamp;
  /** Two-factor (issue 23): the TOTP secret (encrypted when a key is set), null without one. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the enrolment was confirmed with a first code; null while pending or off. */
  totp_enabled_at: NullableTimestamp;
  /** The last time step accepted (bigint: pg returns it as a string); a code works once. */
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
  /** Issue 25, part 3: the language the user chose; null = the organisation's default. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: NullableTimestamp;
}

export interface SecuritySettingsTable {
  id: Generated<boolean>;
  admins_must_use_two_factor: boolean;
}

/** Single sign-on with OpenID Connect (issue 23, part 3): one row per organisation, or none. */
export interface SingleSignOnTable {
  id: Generated<boolean>;
  display_name: string;
  issuer: string;
  client_id: string;
  /** Sealed with the two-factor secrets' helper (AES-256-GCM); never shown back. */
  client_secret: string;
  enabled: Generated<boolean>;
  /** A verified email without an account becomes a member on first login. */
  create_members: Generated<boolean>;
  /** The password login refuses members (admins keep it). */
  require_sso: Generated<boolean>;
  updated_at: Timestamp;
}

export interface PollsTable {
  id: Generated<number>;
  question: string;
  created_by: number | null;
  pub_date: Timestamp;
  closes_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  /** A second vote by the same user replaces the first while the poll is open. */
  allow_vote_change: Generated<boolean>;
  /** Counts are withheld from a viewer until they have voted or the poll has closed. */
  hide_results: Generated<boolean>;
}

export interface ChoicesTable {
  id: Generated<number>;
  poll_id: number;
  choice_text: string;
  position: number;
  /** Votes on this choice, kept in the vote's own transaction (lib/polls/counts.ts). */
  vote_count: Generated<number>;
}

export interface VotesTable {
  id: Generated<number>;
  choice_id: number;
  poll_id: number;
  /** NULL once the voter was removed: the vote stays, anonymised. */
  voted_by: number | null;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  /** Null: a personal token without expiry. */
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** A personal token's name (issue 23); null for the tokens /api/login mints. */
  name: ColumnType<string | null, string | null | undefined, string | null>;
  last_used_at: NullableTimestamp;
}

export interface InvitationsTable {
  id: Generated<number>;
  email: string;
  role: 'admin' | 'member';
  invited_by: number | null;
  token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  expires_at: Timestamp;
  sent_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** Issue 25: a tenant's webhook endpoint; `secret` is sealed (lib/features/auth/two-factor-codes.ts sealSecret). */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  events: string[];
  secret: string;
  enabled: Generated<boolean>;
  /** Deliveries that used up their attempts since the last success; the endpoint is switched off at a threshold. */
  consecutive_failures: Generated<number>;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
}

/** One event for one endpoint; `payload` is the exact JSON body that is signed and sent. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  /** The webhook-id header (the same for every attempt and resend of this delivery). */
  message_id: string;
  event_type: string;
  payload: string;
  attempts: Generated<number>;
  last_status: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  next_attempt_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  /** Set when the delivery used up its attempts. */
  failed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface TenantDatabase {
  users: UsersTable;
  polls: PollsTable;
  choices: ChoicesTable;
  votes: VotesTable;
  api_tokens: ApiTokensTable;
  recovery_codes: RecoveryCodesTable;
  security_settings: SecuritySettingsTable;
  single_sign_on: SingleSignOnTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  quorum_migrations: MigrationsTable;
}

export type TenantRow = Selectable<TenantsTable>;
