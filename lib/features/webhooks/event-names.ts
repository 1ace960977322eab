// The webhook events (issue 25, part 4), in code (their words are in the catalogue, settings.webhooks): pure, also used by the settings page's form.
export const WEBHOOK_EVENTS = ['poll.created', 'poll.closed', 'vote.cast', 'member.joined'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
