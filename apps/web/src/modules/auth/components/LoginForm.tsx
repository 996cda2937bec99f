import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconLogin2 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { errorMessageKey } from '../../../app/error-messages';
import { useAuth } from '../../../app/auth';
import type { TotpChallenge } from '../../account/api';

/** `onTotpRequired`: the password was right and two-step sign-in is on (the page then asks for the code). */
export function LoginForm({ onSuccess, onTotpRequired }: { onSuccess: () => void; onTotpRequired?: (challenge: TotpChallenge) => void }) {
  const { t } = useTranslation();
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ email?: boolean; password?: boolean }>({});

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const m = { email: !email.trim(), password: !password };
    setMissing(m);
    if (m.email || m.password) return;
    setPending(true);
    setError(null);
    try {
      const result = await login(email.trim(), password);
      setPassword('');
      if ('mfaToken' in result) onTotpRequired?.(result);
      else onSuccess();
    } catch (err) {
      const code = isApiError(err) ? err.code : 'generic';
      setError(t(errorMessageKey(code), { defaultValue: t('errors.generic') }));
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="login-form">
      <Stack gap="md">
        {error && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="login-error">
            {error}
          </Alert>
        )}
        <TextInput
          label={t('login.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={missing.email ? t('validation.required') : undefined}
          dir="ltr"
          required
          data-autofocus
          name="email"
        />
        <PasswordInput
          label={t('login.password')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={missing.password ? t('validation.required') : undefined}
          required
          name="password"
        />
        <Button type="submit" loading={pending} fullWidth size="md" leftSection={<IconLogin2 size={18} />}>
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
