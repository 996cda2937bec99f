import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useAuth } from '../../../app/auth';
import { errorMessageKey } from '../../../app/error-messages';
import { accountApi, type TotpChallenge } from '../api';

/** The sign-in's second step: a 6-digit code of the authenticator app, or a recovery code. */
export function TotpStep({ challenge, onSuccess, onBack }: { challenge: TotpChallenge; onSuccess: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const { completeLogin } = useAuth();
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    setPending(true);
    setError(null);
    try {
      completeLogin(await accountApi.loginTotp(challenge.mfaToken, code.trim()));
      onSuccess();
    } catch (err) {
      const apiCode = isApiError(err) ? err.code : 'generic';
      setError(t(errorMessageKey(apiCode), { defaultValue: t('errors.generic') }));
      setCode('');
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="totp-step">
      <Stack gap="md">
        <Title order={2} fz={18}>
          {t('account.login.totpTitle')}
        </Title>
        <Text fz="sm" c="dimmed">
          {t('account.login.totpHelp')}
        </Text>
        {error && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="totp-error">
            {error}
          </Alert>
        )}
        <TextInput
          label={t('account.login.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          autoComplete="one-time-code"
          inputMode="text"
          dir="ltr"
          maxLength={20}
          required
          data-autofocus
          autoFocus
          name="code"
        />
        <Button type="submit" loading={pending} fullWidth size="md" leftSection={<IconShieldLock size={18} />}>
          {t('account.login.submit')}
        </Button>
        <Anchor component="button" type="button" fz="sm" onClick={onBack}>
          {t('account.login.back')}
        </Anchor>
      </Stack>
    </form>
  );
}
