import { SelectField } from '@/components/ui';

/** The role of a new or invited user (Add user, Invite), keeping what was chosen after a failed submit. */
export function RoleField({ value, error }: { value?: string; error?: string }) {
  return (
    <SelectField
      key={value ?? 'member'}
      name="role"
      label="Role"
      defaultValue={value ?? 'member'}
      error={error}
      options={[
        { value: 'member', label: 'Member — creates polls and votes' },
        { value: 'admin', label: 'Admin — also manages users and any poll' },
      ]}
    />
  );
}
