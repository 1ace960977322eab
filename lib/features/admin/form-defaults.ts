// Client-safe initial states of the superuser-area forms (no server imports: client components use these).
import type { FormState } from '@/lib/web/form-state';

/** What every superuser-area action returns (FormState; `field` names the input an error belongs to). */
export type AdminActionState = FormState;

export const initialAdminState: AdminActionState = {};
