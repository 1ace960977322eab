import { notFound } from 'next/navigation';

// Any path a tenant host has no page for: the tenant's own 404 (app/sites/[host]/not-found.tsx),
// inside its shell (name, navigation, link back to its polls), not the bare site-wide one.
export default function MissingTenantPage(): never {
  notFound();
}
