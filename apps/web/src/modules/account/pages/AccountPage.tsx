import { Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { PageHeader } from '../../../pages/PageHeader';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { SignInHistory } from '../components/SignInHistory';
import { TotpSection } from '../components/TotpSection';
import { useAccountSecurity } from '../hooks/use-account';

/** The signed-in user's account: password, two-step sign-in, recent sign-ins. */
export function AccountPage() {
  const { t } = useTranslation();
  const security = useAccountSecurity();
  return (
    <Stack gap="lg" maw={860} data-testid="account-page">
      <PageHeader title={t('account.title')} description={t('account.subtitle')} />
      {security.isPending ? <Loader size="sm" /> : security.error ? <ErrorMessage error={security.error} /> : <TotpSection security={security.data} />}
      <ChangePasswordForm />
      <SignInHistory />
    </Stack>
  );
}
