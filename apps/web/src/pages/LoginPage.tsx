import { Box, Card, Center, Group, Stack, Text, Title } from '@mantine/core';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { Brand } from '../app/layout/Brand';
import { FullPageLoader } from '../app/layout/guards';
import { LanguageSwitcher } from '../app/LanguageSwitcher';
import { RoutePath } from '../app/routes';
import { LoginSteps } from '../modules/account/components/LoginSteps';
import { OrgBrand } from '../modules/settings/components/OrgBrand';
import classes from './pages.module.css';

export function LoginPage() {
  const { t } = useTranslation();
  const { status } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? RoutePath.Recommendations;

  if (status === 'loading') return <FullPageLoader />;
  if (status === 'authenticated') return <Navigate to={from} replace />;

  return (
    <Box className={classes.loginBackdrop}>
      <Group component="header" justify="flex-end" p="md">
        <LanguageSwitcher />
      </Group>
      <Center component="main" className={classes.loginCenter}>
        <Stack w={420} maw="92vw" gap="lg">
          <Center>
            <Brand large />
          </Center>
          <OrgBrand />
          <Card padding="xl" shadow="sm">
            <Stack gap="xs" mb="lg">
              <Title order={1} fz={22}>
                {t('login.title')}
              </Title>
              <Text c="dimmed" fz="sm">
                {t('login.subtitle')}
              </Text>
            </Stack>
            <LoginSteps onSuccess={() => navigate(from, { replace: true })} />
          </Card>
          <Text component="footer" ta="center" fz="xs" c="dimmed">
            {t('login.footer')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
