// Shared UI primitives (tenant area, root pages, superuser area).
export { Alert, FormError } from './Alert';
export { Badge } from './Badge';
export { Button } from './Button';
export { buttonClass } from './button-class';
export { Card } from './Card';
export { DataTable, type Column } from './DataTable';
export { Field, FieldShell, Input, SelectField, describedBy, inputClass } from './Field';
export { LinkButton } from './LinkButton';
export { Nav, type NavLink } from './Nav';
export { PageHeader } from './PageHeader';
export { cn } from './cn';
export { bannerError, initialFormState, type FormState } from '@/lib/web/form-state';
export { SkipLink } from './SkipLink';
export { ForgetQueryFlags } from './ForgetQueryFlags';
export { Flash } from './Flash';
export { useConfirmStep } from './use-confirm-step';
