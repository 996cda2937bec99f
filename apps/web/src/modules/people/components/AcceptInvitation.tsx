import { useState } from 'react';
import { Alert, Anchor, Button, Card, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RoutePath } from '../../../app/routes';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useAcceptInvitation } from '../hooks/use-people';

const MIN = 12;

/** The invitee chooses a password; the token comes in the link's fragment (never sent in a URL to the server). */
export function AcceptInvitation() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const accept = useAcceptInvitation();
  const mismatch = confirm !== '' && confirm !== password;
  return (
    <Card maw={460} mx="auto" mt={80} p="xl" data-testid="accept-invitation">
      <Stack gap="md">
        <Title order={1} fz={22}>
          {t('reporting.invitation.title')}
        </Title>
        {!token ? (
          <Alert color="red">{t('reporting.errors.invitation_invalid')}</Alert>
        ) : accept.data ? (
          <Alert color="teal" icon={<IconCheck />}>
            <Text fz="sm">{t('reporting.invitation.done', { email: accept.data.email })}</Text>
            <Anchor component={Link} to={RoutePath.Login} fz="sm">
              {t('reporting.invitation.login')}
            </Anchor>
          </Alert>
        ) : (
          <>
            <Text fz="sm" c="dimmed">
              {t('reporting.invitation.help', { min: MIN })}
            </Text>
            <PasswordInput label={t('reporting.invitation.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} minLength={MIN} required />
            <PasswordInput
              label={t('reporting.invitation.confirm')}
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? t('reporting.invitation.mismatch') : undefined}
              required
            />
            <ReportingError error={accept.error} />
            <Button onClick={() => accept.mutate({ token, password })} disabled={password.length < MIN || password !== confirm} loading={accept.isPending}>
              {t('reporting.invitation.submit')}
            </Button>
          </>
        )}
      </Stack>
    </Card>
  );
}
