/** Attempts for email jobs: graphile-worker backs off exponentially between them (about an hour in all). */
export const EMAIL_MAX_ATTEMPTS = 8;
