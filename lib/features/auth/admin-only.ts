// Where a member lands when an admin page sends them away: the home page, told which section they
// tried (settings, domains, audit log, data download, users); it says so in the reader's language
// (messages: polls.list.adminOnly). Pure: the home page and the session check share it.

const SECTIONS = ['users', 'settings', 'domains', 'audit', 'download'] as const;
type Section = (typeof SECTIONS)[number];

function sectionOf(path: string | undefined): Section | null {
  const first = (path ?? '').split(/[/?#]/)[1] ?? '';
  return (SECTIONS as readonly string[]).includes(first) ? (first as Section) : null;
}

/** `/?error=admin-only&page=<section>` for a member who opened the admin page `next`. */
export function adminOnlyPath(next: string | undefined): string {
  const section = sectionOf(next);
  return section ? `/?error=admin-only&page=${section}` : '/?error=admin-only';
}
