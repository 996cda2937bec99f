import { useState } from 'react';
import { Anchor, Group, Stack } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RoutePath } from '../../../app/routes';
import { LoginForm } from '../../auth/components/LoginForm';
import type { TotpChallenge } from '../api';
import { TotpStep } from './TotpStep';

/** The login page's form: the password, then the code when two-step sign-in is on; the forgotten-password link. */
export function LoginSteps({ onSuccess }: { onSuccess: () => void }) {
  const { t } = useTranslation();
  const [challenge, setChallenge] = useState<TotpChallenge | null>(null);
  if (challenge) return <TotpStep challenge={challenge} onSuccess={onSuccess} onBack={() => setChallenge(null)} />;
  return (
    <Stack gap="sm">
      <LoginForm onSuccess={onSuccess} onTotpRequired={setChallenge} />
      <Group justify="center">
        <Anchor component={Link} to={RoutePath.ForgotPassword} fz="sm" data-testid="forgot-password">
          {t('account.login.forgot')}
        </Anchor>
      </Group>
    </Stack>
  );
}
