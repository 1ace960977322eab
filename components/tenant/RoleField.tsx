import { useTranslations } from 'next-intl';
import { SelectField } from '@/components/ui';

/** The role of a new or invited user (Add user, Invite), keeping what was chosen after a failed submit. */
export function RoleField({ value, error }: { value?: string; error?: string }) {
  const t = useTranslations('tenant.roleField');
  return (
    <SelectField
      key={value ?? 'member'}
      name="role"
      label={t('label')}
      defaultValue={value ?? 'member'}
      error={error}
      options={[
        { value: 'member', label: t('member') },
        { value: 'admin', label: t('admin') },
      ]}
    />
  );
}
