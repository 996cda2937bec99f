import { ActionIcon, Indicator, Tooltip } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat } from '../../../app/locale';
import { RoutePath } from '../../../app/routes';
import { useUnreadCount } from '../hooks/use-notifications';

/** The header's bell: unread count (refreshed every minute and when the window regains focus). */
export function NotificationBell() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const allowed = can(Permission.NotificationRead);
  const q = useUnreadCount(allowed);
  if (!allowed) return null;
  const unread = q.data?.unread ?? 0;
  const label = unread > 0 ? t('reporting.notifications.unread', { count: unread, formatted: fmt.number(unread) }) : t('reporting.notifications.title');
  return (
    <Tooltip label={label} withArrow>
      <Indicator
        // No count to show, nothing formatted: the page's first Intl.NumberFormat loads the browser's
        // locale data (about 55 ms on a slow phone), which the shell's first render need not pay.
        label={unread > 99 ? '99+' : unread > 0 ? fmt.number(unread) : undefined}
        size={18}
        color="red"
        disabled={unread === 0}
        offset={4}
        data-testid="bell-count"
        data-count={unread}
      >
        <ActionIcon component={Link} to={RoutePath.Notifications} variant="subtle" color="gray" size="lg" aria-label={label} data-testid="notification-bell">
          <IconBell size={20} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
