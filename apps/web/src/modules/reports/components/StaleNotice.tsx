import { Alert, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { staleDetails } from '../../../app/api-client';
import { useFormat } from '../../../app/locale';

/**
 * After a 412 on the report itself (reordering, changing its details, finalising): someone changed the
 * report since this page read it. Says who and when; the page has loaded their version meanwhile.
 */
export function StaleNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const stale = staleDetails<unknown>(error);
  if (!stale) return null;
  const last = stale.lastChange;
  return (
    <Alert color="yellow" variant="light" icon={<IconGitMerge />} title={t('reports.stale.title')} data-testid="report-stale">
      <Text fz="sm">
        {last
          ? t('reports.stale.changedBy', {
              name: last.actorName ?? t('conflict.someone'),
              role: last.actorRole ? t(`roles.${last.actorRole}`, { defaultValue: last.actorRole }) : '—',
              date: fmt.dateTime(last.occurredAt),
            })
          : t('reports.stale.changedByUnknown')}
      </Text>
    </Alert>
  );
}

StaleNotice.handles = (error: unknown): boolean => staleDetails<unknown>(error) !== null;
