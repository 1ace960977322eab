// The webhook events (issue 25, part 4), in code and in words: pure, also used by the settings page's form.
export const WEBHOOK_EVENTS = ['poll.created', 'poll.closed', 'vote.cast', 'member.joined'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_WORDS: Record<WebhookEvent, string> = {
  'poll.created': 'A poll is created',
  'poll.closed': 'A poll closes (by hand or at its closing time)',
  'vote.cast': 'A vote is cast or changed',
  'member.joined': 'A member joins (added by an admin, by accepting an invitation or by a first single sign-on)',
};
