import { revalidatePath } from 'next/cache';

/** Every admin page shows tenants, domains or migration state: refresh the whole area. */
export function revalidateAdmin(): void {
  revalidatePath('/admin', 'layout');
}
