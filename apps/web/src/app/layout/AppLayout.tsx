import { AppShell, Avatar, Badge, Box, Burger, Button, Group, NavLink, Stack, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconFileImport, IconListSearch, IconLogout, IconShieldLock } from '@tabler/icons-react';
import { IconCalendarStats, IconChecklist, IconClipboardList, IconReport, IconUsers } from '@tabler/icons-react';
import { IconChartBar } from '@tabler/icons-react';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { IconUserCog } from '@tabler/icons-react';
import { IconDatabaseCog, IconSettings } from '@tabler/icons-react';
import { useRef } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../auth';
import { LanguageSwitcher } from '../LanguageSwitcher';
import { useLocale } from '../locale';
import { RoutePath } from '../routes';
import { NotificationBell } from '../../modules/notifications/components/NotificationBell';
import { Brand } from './Brand';
import classes from './layout.module.css';
import { useFocusHeadingOnNavigation } from './use-focus-heading';

interface NavItem {
  to: RoutePath;
  labelKey: string;
  icon: typeof IconListSearch;
  permission: Permission;
}

/** Navigation entries; each is shown only to roles holding its permission. */
export const NAV_ITEMS: NavItem[] = [
  { to: RoutePath.Recommendations, labelKey: 'nav.recommendations', icon: IconListSearch, permission: Permission.RecommendationRead },
  { to: RoutePath.Dashboard, labelKey: 'dashboard.nav', icon: IconChartBar, permission: Permission.RecommendationRead },
  { to: RoutePath.MyWork, labelKey: 'reporting.nav.myWork', icon: IconClipboardList, permission: Permission.ContributionWrite },
  { to: RoutePath.Validation, labelKey: 'reporting.nav.validation', icon: IconChecklist, permission: Permission.ContributionApprove },
  { to: RoutePath.Review, labelKey: 'reporting.nav.review', icon: IconChecklist, permission: Permission.ContributionValidate },
  { to: RoutePath.Campaigns, labelKey: 'reporting.nav.campaigns', icon: IconCalendarStats, permission: Permission.CampaignRead },
  { to: RoutePath.Reports, labelKey: 'reports.nav', icon: IconReport, permission: Permission.ReportRead },
  { to: RoutePath.People, labelKey: 'reporting.nav.people', icon: IconUsers, permission: Permission.UserInvite },
  { to: RoutePath.Users, labelKey: 'usersAdmin.nav', icon: IconUserCog, permission: Permission.AccountManage },
  { to: RoutePath.InstitutionsAdmin, labelKey: 'institutionsAdmin.nav', icon: IconBuildingCommunity, permission: Permission.InstitutionManage },
  { to: RoutePath.Audit, labelKey: 'nav.audit', icon: IconShieldLock, permission: Permission.AuditRead },
  { to: RoutePath.Imports, labelKey: 'imports.nav', icon: IconFileImport, permission: Permission.ImportRun },
  { to: RoutePath.ReferenceAdmin, labelKey: 'referenceAdmin.nav', icon: IconDatabaseCog, permission: Permission.ReferenceManage },
  { to: RoutePath.Settings, labelKey: 'settings.nav', icon: IconSettings, permission: Permission.SettingsManage },
];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function AppLayout() {
  const { t } = useTranslation();
  const { user, logout, can } = useAuth();
  const { locale } = useLocale();
  const [opened, { toggle, close }] = useDisclosure();
  // What the width hides is not mounted (a slow phone renders only what it shows): below `sm` the
  // navigation is a drawer, filled when opened; the language switcher is in the header from `md`,
  // in the navigation below. Read at the first render (no second render once measured).
  const drawer = useMediaQuery('(max-width: 47.99375em)', undefined, { getInitialValueInEffect: false });
  const narrow = useMediaQuery('(max-width: 61.99375em)', undefined, { getInitialValueInEffect: false });
  const navShown = !drawer || opened;
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigation(main);
  // A role that requires two-step sign-in may only enrol until it is on (the API refuses the rest).
  const enrolOnly = !!user?.totpRequired && !user.totpEnabled;
  const items = enrolOnly ? [] : NAV_ITEMS.filter((i) => can(i.permission));
  const institution = user?.institution;
  const institutionName = institution
    ? (locale === 'ar' ? institution.nameAr : locale === 'fr' ? institution.nameFr : institution.nameEn) ??
      institution.nameFr ??
      institution.code
    : null;

  const onLogout = async () => {
    await logout();
    navigate(RoutePath.Login, { replace: true });
  };

  if (enrolOnly && location.pathname !== RoutePath.Account) return <Navigate to={RoutePath.Account} replace />;

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
      // No sliding: switching to Arabic mirrors the layout at once instead of animating the padding.
      transitionDuration={0}
      className={classes.shell}
    >
      <a href="#main-content" className={classes.skipLink} data-testid="skip-link">
        {t('a11y.skipToContent')}
      </a>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Brand />
          </Group>
          <Group gap="md" wrap="nowrap">
            {!enrolOnly && <NotificationBell />}
            {!narrow && (
              <Box visibleFrom="md">
                <LanguageSwitcher />
              </Box>
            )}
            {user && (
              // The link's name is its content (axe: label-content-name-mismatch): "My account", then the name and role shown.
              <UnstyledButton component={Link} to={RoutePath.Account} title={t('account.menu')} data-testid="account-link">
              <VisuallyHidden>{t('account.menu')}</VisuallyHidden>
              <Group gap="xs" wrap="nowrap" data-testid="current-user">
                <Avatar color="petrol" radius="xl" size={34} aria-hidden>
                  {initials(user.name)}
                </Avatar>
                <Stack gap={0} visibleFrom="sm">
                  <Text fz="sm" fw={600} lh={1.2} data-testid="user-name">
                    {user.name}
                  </Text>
                  <Text fz="xs" c="dimmed" lh={1.3} data-testid="user-role">
                    {t(`roles.${user.role}`)}
                  </Text>
                </Stack>
              </Group>
              </UnstyledButton>
            )}
            <Tooltip label={t('header.logout')} withArrow>
              <Button
                variant="subtle"
                color="gray"
                size="compact-md"
                onClick={onLogout}
                // Named at every width: below `lg` the button shows only its icon.
                aria-label={t('header.logout')}
                leftSection={<IconLogout size={18} className={classes.flipInRtl} />}
                data-testid="logout"
              >
                <Text span fz="sm" visibleFrom="lg">
                  {t('header.logout')}
                </Text>
              </Button>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" className={classes.navbar} data-testid="side-nav" component="nav" aria-label={t('nav.label')}>
        <AppShell.Section grow>
          <Text className={classes.navTitle}>{t('nav.section')}</Text>
          {navShown && items.map((item) => {
            const active = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={t(item.labelKey)}
                leftSection={<item.icon size={20} stroke={1.6} />}
                active={active}
                onClick={close}
                className={classes.navLink}
                data-testid={`nav-${item.to.slice(1)}`}
                aria-current={active ? 'page' : undefined}
              />
            );
          })}
        </AppShell.Section>
        <AppShell.Section>
          {navShown && narrow && (
            <Box hiddenFrom="md" mb="sm">
              <LanguageSwitcher />
            </Box>
          )}
          {navShown && institutionName && (
            <Box className={classes.institution}>
              <Text fz="xs" c="dimmed">
                {t('nav.institution')}
              </Text>
              <Text fz="sm" fw={500}>
                {institutionName}
              </Text>
            </Box>
          )}
          {navShown && user && (
            <Badge variant="light" color="gray" fullWidth mt="xs" tt="none" fw={500}>
              {t(`roles.${user.role}`)}
            </Badge>
          )}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main className={classes.main} id="main-content" tabIndex={-1} ref={main}>
        <Box maw={1400} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
