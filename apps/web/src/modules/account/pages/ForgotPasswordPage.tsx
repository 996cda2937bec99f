import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RoutePath } from '../../../app/routes';
import { accountApi } from '../api';
import { FormError } from '../components/FormError';
import { PublicCard } from '../components/PublicCard';

/** Asks for a reset link; the answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const send = useMutation({ mutationFn: (address: string) => accountApi.requestReset(address) });
  return (
    <PublicCard testId="forgot-password-page">
      <Title order={1} fz={22}>
        {t('account.forgot.title')}
      </Title>
      {send.isSuccess ? (
        <Alert color="teal" icon={<IconCheck />} data-testid="reset-sent">
          {t('account.forgot.sent')}
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (email.trim()) send.mutate(email.trim());
          }}
          noValidate
        >
          <Stack gap="md">
            <Text fz="sm" c="dimmed">
              {t('account.forgot.help')}
            </Text>
            <FormError error={send.error} fields={['email']} />
            <TextInput label={t('account.forgot.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} dir="ltr" required name="email" />
            <Button type="submit" loading={send.isPending} disabled={!email.trim()}>
              {t('account.forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to={RoutePath.Login} fz="sm">
        {t('account.forgot.back')}
      </Anchor>
    </PublicCard>
  );
}
