import { useState } from 'react';
import { Button, Card, Group, Loader, Pagination, SegmentedControl, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconAlarm, IconArrowBackUp, IconBell, IconCheck, IconChecks, IconSend } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat, useLocale } from '../../../app/locale';
import { contributionPath } from '../../../app/routes';
import type { Notification } from '../../../app/api-types';
import { ReportingError } from '../../reporting/components/ReportingError';
import { NOTIFICATIONS_PAGE_SIZE as PAGE_SIZE, useMarkAllRead, useMarkRead, useNotifications } from '../hooks/use-notifications';
import { notificationInstitution } from '../utils/payload';
import classes from './notifications.module.css';

const ICONS: Record<string, { icon: typeof IconBell; color: string }> = {
  'contribution.submitted': { icon: IconSend, color: 'blue' },
  'contribution.approved': { icon: IconCheck, color: 'indigo' },
  'contribution.validated': { icon: IconChecks, color: 'teal' },
  'contribution.returned': { icon: IconArrowBackUp, color: 'orange' },
  'reminder.due_soon': { icon: IconAlarm, color: 'yellow' },
  'reminder.overdue': { icon: IconAlarm, color: 'red' },
};

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The message of a notification in the UI language, from its type and payload. */
export function useNotificationText() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locale } = useLocale();
  return (n: Notification) => {
    const p = n.payload as Record<string, unknown>;
    const actor = p['actor'] && typeof p['actor'] === 'object' ? str((p['actor'] as Record<string, unknown>)['name']) : str(p['actor']);
    const vars = {
      recommendation: str(p['recommendation']) || '—',
      institution: notificationInstitution(p['institution'], locale) || '—',
      actor: actor || '—',
      campaign: str(p['campaign']) || '—',
      deadline: str(p['deadline']) ? fmt.date(str(p['deadline'])) : '—',
    };
    const key = `reporting.notifications.type.${n.type.replace('.', '_')}`;
    return { title: t(key, { ...vars, defaultValue: t('reporting.notifications.type.other') }), comment: str(p['comment']) };
  };
}

export function NotificationList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const text = useNotificationText();
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const q = useNotifications(page, unreadOnly);
  const readAll = useMarkAllRead();
  const markRead = useMarkRead();
  const open = async (n: Notification) => {
    if (!n.readAt) await markRead(n.id);
    const id = str((n.payload as Record<string, unknown>)['contributionId']);
    if (id) navigate(contributionPath(id));
  };

  return (
    <Stack gap="md" data-testid="notification-list">
      <Group justify="space-between">
        <SegmentedControl
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
          data={[
            { value: 'all', label: t('reporting.notifications.all') },
            { value: 'unread', label: t('reporting.notifications.unreadOnly') },
          ]}
        />
        <Button variant="light" onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={!q.data || q.data.unread === 0} data-testid="read-all">
          {t('reporting.notifications.markAll')}
        </Button>
      </Group>
      {q.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <ReportingError error={q.error ?? readAll.error} />
      {q.data && q.data.items.length === 0 && (
        <Card>
          <Text c="dimmed" fz="sm" ta="center" py="lg">
            {t('reporting.notifications.empty')}
          </Text>
        </Card>
      )}
      {q.data && q.data.items.length > 0 && (
        <Card p={0}>
          {q.data.items.map((n) => {
            const look = ICONS[n.type] ?? { icon: IconBell, color: 'gray' };
            const m = text(n);
            return (
              <UnstyledButton key={n.id} onClick={() => void open(n)} className={classes.item} data-unread={n.readAt ? undefined : true} data-testid="notification" data-type={n.type}>
                <Group gap="md" wrap="nowrap" align="flex-start">
                  <ThemeIcon variant="light" color={look.color} radius="xl" size={34}>
                    <look.icon size={18} />
                  </ThemeIcon>
                  <Stack gap={2} style={{ flex: 1 }} miw={0}>
                    <Text fz="sm" fw={n.readAt ? 400 : 600} dir="auto">
                      {m.title}
                    </Text>
                    {m.comment && (
                      <Text fz="sm" c="dimmed" dir="auto" lineClamp={2}>
                        « {m.comment} »
                      </Text>
                    )}
                    <Text fz="xs" c="dimmed">
                      {fmt.dateTime(n.createdAt)}
                    </Text>
                  </Stack>
                  {!n.readAt && <span className={classes.dot} aria-label={t('reporting.notifications.new')} />}
                </Group>
              </UnstyledButton>
            );
          })}
        </Card>
      )}
      {q.data && q.data.total > PAGE_SIZE && (
        <Pagination value={page} onChange={setPage} total={Math.ceil(q.data.total / PAGE_SIZE)} />
      )}
    </Stack>
  );
}
