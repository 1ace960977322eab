// Where a member lands when an admin page sends them away, and the sentence that fits the page
// they tried (settings, domains, audit log, data download, users). Pure: the home page and the
// session check share it.

const REASONS = {
  users: 'Only the organisation’s admins can manage users.',
  settings: 'Only the organisation’s admins can change its settings.',
  domains: 'Only the organisation’s admins can manage its domains.',
  audit: 'Only the organisation’s admins can read its audit log.',
  download: 'Only the organisation’s admins can download its data.',
} as const;

type Section = keyof typeof REASONS;

function sectionOf(path: string | undefined): Section | null {
  const first = (path ?? '').split(/[/?#]/)[1] ?? '';
  return Object.hasOwn(REASONS, first) ? (first as Section) : null;
}

/** `/?error=admin-only&page=<section>` for a member who opened the admin page `next`. */
export function adminOnlyPath(next: string | undefined): string {
  const section = sectionOf(next);
  return section ? `/?error=admin-only&page=${section}` : '/?error=admin-only';
}

/** The sentence for the `page` query value (anything unknown gets the general one). */
export function adminOnlySentence(page: string | undefined): string {
  return page && Object.hasOwn(REASONS, page) ? REASONS[page as Section] : 'Only the organisation’s admins can open that page.';
}
