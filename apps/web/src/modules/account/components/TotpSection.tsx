import { useState } from 'react';
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Image, List, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AccountSecurity, TotpEnrolment } from '../api';
import { useConfirmTotp, useDisableTotp, useEnrolTotp } from '../hooks/use-account';
import { FormError } from './FormError';

/** The QR code drawn by the server (SVG text), shown as an image: never inserted as markup. */
const svgSource = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** Two-step sign-in: state, enrolment (QR code, key, first code, recovery codes shown once), turning it off. */
export function TotpSection({ security }: { security: AccountSecurity }) {
  const { t } = useTranslation();
  const enrol = useEnrolTotp();
  const confirm = useConfirmTotp();
  const disable = useDisableTotp();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [disableCode, setDisableCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const enrolment: TotpEnrolment | undefined = enrol.data;

  if (codes) {
    return (
      <Card withBorder padding="lg" component="section" data-testid="recovery-codes">
        <Stack gap="sm">
          <Title order={2} fz={18}>
            {t('account.totp.recoveryTitle')}
          </Title>
          <Alert color="yellow" icon={<IconAlertTriangle />}>
            {t('account.totp.recoveryHelp')}
          </Alert>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" dir="ltr">
            {codes.map((c) => (
              <Code key={c} fz="md" data-testid="recovery-code">
                {c}
              </Code>
            ))}
          </SimpleGrid>
          <Group>
            <CopyButton value={codes.join('\n')}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? t('account.totp.copied') : t('account.totp.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={() => setCodes(null)} data-testid="recovery-done">
              {t('account.totp.recoveryDone')}
            </Button>
          </Group>
        </Stack>
      </Card>
    );
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-totp-title" data-testid="totp-section">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} fz={18} id="account-totp-title">
            {t('account.totp.title')}
          </Title>
          <Badge color={security.totpEnabled ? 'teal' : 'gray'} variant="light" data-testid="totp-state">
            {security.totpEnabled ? t('account.totp.on') : t('account.totp.off')}
          </Badge>
        </Group>
        {security.totpRequired && !security.totpEnabled && (
          <Alert color="orange" icon={<IconShieldCheck />} data-testid="totp-required">
            {t('account.totp.required')}
          </Alert>
        )}
        {security.totpEnabled ? (
          <>
            <Text fz="sm">{t('account.totp.left', { count: security.recoveryCodesLeft })}</Text>
            <Text fz="sm" c="dimmed">
              {t('account.totp.lostDevice')}
            </Text>
            {!security.totpRequired && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  disable.mutate({ password, code: disableCode.trim() }, { onSuccess: () => (setPassword(''), setDisableCode('')) });
                }}
                noValidate
              >
                <Stack gap="xs" mt="sm">
                  <Title order={3} fz={16}>
                    {t('account.totp.disableTitle')}
                  </Title>
                  <Text fz="sm" c="dimmed">
                    {t('account.totp.disableHelp')}
                  </Text>
                  <FormError error={disable.error} />
                  <Group align="flex-end" wrap="wrap">
                    <PasswordInput label={t('account.password.current')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
                    <TextInput label={t('account.login.code')} value={disableCode} onChange={(e) => setDisableCode(e.currentTarget.value)} dir="ltr" autoComplete="one-time-code" required />
                    <Button type="submit" color="red" variant="light" loading={disable.isPending} disabled={!password || !disableCode.trim()}>
                      {t('account.totp.disable')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            )}
          </>
        ) : !enrolment ? (
          <>
            {disable.isSuccess && (
              <Alert color="teal" icon={<IconCheck />}>
                {t('account.totp.disabled')}
              </Alert>
            )}
            <Text fz="sm">{t('account.totp.intro')}</Text>
            <FormError error={enrol.error} />
            <Button onClick={() => enrol.mutate()} loading={enrol.isPending} style={{ alignSelf: 'flex-start' }} data-testid="totp-start">
              {t('account.totp.start')}
            </Button>
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              confirm.mutate(code.trim(), { onSuccess: (res) => (setCodes(res.recoveryCodes), setCode(''), enrol.reset()) });
            }}
            noValidate
            data-testid="totp-enrolment"
          >
            <Stack gap="sm">
              <List type="ordered" listStyleType="none" spacing="sm" p={0}>
                <List.Item>
                  <Text fz="sm">{t('account.totp.scan')}</Text>
                  <Image src={svgSource(enrolment.qrSvg)} alt={t('account.totp.qrAlt')} w={200} h={200} mt="xs" bg="white" data-testid="totp-qr" />
                  <Text fz="sm" mt="xs">
                    {t('account.totp.manual')}
                  </Text>
                  <Code fz="sm" dir="ltr" data-testid="totp-secret">
                    {enrolment.secret}
                  </Code>
                </List.Item>
                <List.Item>
                  <Text fz="sm">{t('account.totp.confirmHelp')}</Text>
                </List.Item>
              </List>
              <FormError error={confirm.error} />
              <Group align="flex-end" wrap="wrap">
                <TextInput
                  label={t('account.totp.code')}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  dir="ltr"
                  required
                  name="totpCode"
                />
                <Button type="submit" loading={confirm.isPending} disabled={!/^\d{6}$/.test(code.trim())} data-testid="totp-confirm">
                  {t('account.totp.confirm')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
