// Client-safe initial states of the superuser-area forms (no server imports: client components use these).
import type { FormState } from '@/components/ui/form-state';

/** Same shape as AdminActionState in ./action-state (which is server-only). */
export type AdminFormState = FormState & { field?: string };

export const initialAdminState: AdminFormState = {};
