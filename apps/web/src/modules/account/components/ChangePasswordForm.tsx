import { useState } from 'react';
import { Alert, Button, Card, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@sidh/domain';
import { useChangePassword } from '../hooks/use-account';
import { FormError } from './FormError';

/** Current password, new one twice; on success the other sessions of the account have ended. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const change = useChangePassword();
  const mismatch = confirm !== '' && confirm !== next;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
        },
      },
    );
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-password-title">
      <form onSubmit={submit} noValidate data-testid="change-password">
        <Stack gap="sm">
          <Title order={2} fz={18} id="account-password-title">
            {t('account.password.title')}
          </Title>
          <Text fz="sm" c="dimmed">
            {t('account.password.help', { min: PASSWORD_MIN_LENGTH })}
          </Text>
          {change.isSuccess && (
            <Alert color="teal" icon={<IconCheck />} data-testid="password-changed">
              {t('account.password.done')}
            </Alert>
          )}
          <FormError error={change.error} fields={['newPassword', 'currentPassword']} />
          <PasswordInput label={t('account.password.current')} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required name="currentPassword" />
          <PasswordInput label={t('account.password.new')} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} required name="newPassword" />
          <PasswordInput
            label={t('account.password.confirm')}
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={mismatch ? t('account.password.mismatch') : undefined}
            required
            name="confirmPassword"
          />
          <Button type="submit" loading={change.isPending} disabled={!current || next.length < PASSWORD_MIN_LENGTH || next !== confirm} style={{ alignSelf: 'flex-start' }}>
            {t('account.password.submit')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
