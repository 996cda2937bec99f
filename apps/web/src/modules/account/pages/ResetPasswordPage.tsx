import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@sidh/domain';
import { isApiError } from '../../../app/api-client';
import { RoutePath } from '../../../app/routes';
import { accountApi } from '../api';
import { FormError } from '../components/FormError';
import { PublicCard } from '../components/PublicCard';

/** The reset link's page: the token comes in the fragment (never sent to the server in a URL). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const reset = useMutation({ mutationFn: () => accountApi.confirmReset(token, password) });
  const mismatch = confirm !== '' && confirm !== password;
  const tokenRefused = isApiError(reset.error) && reset.error.code === 'auth.reset_token_invalid';
  return (
    <PublicCard testId="reset-password-page">
      <Title order={1} fz={22}>
        {t('account.reset.title')}
      </Title>
      {!token ? (
        <Alert color="red">{t('account.reset.missing')}</Alert>
      ) : reset.isSuccess ? (
        <Alert color="teal" icon={<IconCheck />} data-testid="reset-done">
          <Text fz="sm">{t('account.reset.done')}</Text>
          <Anchor component={Link} to={RoutePath.Login} fz="sm">
            {t('account.reset.login')}
          </Anchor>
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            reset.mutate();
          }}
          noValidate
        >
          <Stack gap="md">
            <Text fz="sm" c="dimmed">
              {t('account.password.help', { min: PASSWORD_MIN_LENGTH })}
            </Text>
            <FormError error={reset.error} fields={['password']} />
            <PasswordInput label={t('account.password.new')} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required name="password" />
            <PasswordInput
              label={t('account.password.confirm')}
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? t('account.password.mismatch') : undefined}
              required
              name="confirmPassword"
            />
            <Button type="submit" loading={reset.isPending} disabled={password.length < PASSWORD_MIN_LENGTH || password !== confirm}>
              {t('account.reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      {(!token || tokenRefused) && (
        <Anchor component={Link} to={RoutePath.ForgotPassword} fz="sm">
          {t('account.reset.again')}
        </Anchor>
      )}
    </PublicCard>
  );
}
