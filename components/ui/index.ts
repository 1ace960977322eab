// Shared UI primitives (tenant area, root pages, superuser area).
export { Alert, FormError, type AlertTone } from './Alert';
export { Badge, type BadgeTone } from './Badge';
export { Button, type ButtonProps } from './Button';
export { buttonClass, type ButtonVariant } from './button-class';
export { Card, type CardProps } from './Card';
export { Field, FieldShell, Input, SelectField, TextareaField, describedBy, inputClass, type FieldProps } from './Field';
export { LinkButton } from './LinkButton';
export { Nav, type NavLink, type NavProps } from './Nav';
export { PageHeader } from './PageHeader';
export { cn } from './cn';
export { bannerError, initialFormState, type FormState } from '@/lib/web/form-state';
export { SkipLink } from './SkipLink';
export { ForgetQueryFlags } from './ForgetQueryFlags';
export { Flash } from './Flash';
