import { useTranslation } from 'react-i18next';
import { NotificationList } from '../modules/notifications/components/NotificationList';
import { PageHeader } from './PageHeader';

export function NotificationsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('reporting.notifications.title')} />
      <NotificationList />
    </>
  );
}
