// Which tenant navigation link a path belongs to. Pure: used by the client nav and unit-tested.

/** The browser path of a tenant page ('/sites/<host>/…' as rendered on the server is stripped). */
export function tenantPath(pathname: string): string {
  const m = /^\/sites\/[^/]+(\/.*)?$/.exec(pathname);
  return m ? (m[1] ?? '/') : pathname;
}

/** The href of the link for `pathname` among `hrefs`: exact match; a poll's own pages belong to "Polls" ('/'). */
export function tenantSection(pathname: string, hrefs: string[]): string | undefined {
  const path = tenantPath(pathname);
  if (hrefs.includes(path)) return path;
  if (path.startsWith('/polls/') && hrefs.includes('/')) return '/';
  return undefined;
}
