/** Mirrors lib/polls (the action re-checks): creator or tenant admin may edit or delete a poll. */
export function canChangePoll(user: { uid: number; role: string }, poll: { created_by: number | null }): boolean {
  return user.role === 'admin' || poll.created_by === user.uid;
}
