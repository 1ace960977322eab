/** The one rule for changing a poll, used by the pages (what to show) and by polls.ts (what to allow): creator or tenant admin. */
export function canChangePoll(user: { uid: number; role: string }, poll: { created_by: number | null }): boolean {
  return user.role === 'admin' || poll.created_by === user.uid;
}
