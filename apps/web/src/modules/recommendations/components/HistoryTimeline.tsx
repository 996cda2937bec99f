import { Alert, Badge, Card, EmptyState, Group, Skeleton, Stack, Table, Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconHistory, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { HistoryEvent } from '../../../app/api-types';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat } from '../../../app/locale';
import { useRecommendationHistory } from '../hooks/use-recommendation';
import { useFieldLabel, useValueFormatter } from '../hooks/use-value-formatter';
import classes from './recommendations.module.css';

/** One entry of an event's `changes` (`{ before, after }`; the OpenAPI document types the values as unknown). */
type FieldChange = { before: unknown; after: unknown };

function isFieldChange(x: HistoryEvent['changes'][string]): x is FieldChange {
  return typeof x === 'object' && x !== null && 'before' in x && 'after' in x;
}

function actionIcon(action: string) {
  if (action.endsWith('.create')) return <IconPlus size={14} />;
  if (action.endsWith('.delete')) return <IconTrash size={14} />;
  return <IconPencil size={14} />;
}

export function HistoryTimeline({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const formatValue = useValueFormatter();
  const fieldLabel = useFieldLabel();
  const history = useRecommendationHistory(recommendationId);

  if (history.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')}>
        <Skeleton h={16} w="40%" />
        <Skeleton h={60} />
        <Skeleton h={16} w="30%" />
        <Skeleton h={60} />
      </Stack>
    );
  }
  if (history.isError) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title={t('history.error')}>
        <ErrorMessage error={history.error} />
      </Alert>
    );
  }
  const items = [...history.data.items].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  if (items.length === 0) {
    return <EmptyState icon={<IconHistory size={28} />} withIndicatorBackground title={t('history.empty')} />;
  }

  return (
    <Timeline bulletSize={26} lineWidth={2} data-testid="history">
      {items.map((ev) => {
        const changes = Object.entries(ev.changes ?? {}).filter((e): e is [string, FieldChange] => isFieldChange(e[1]));
        return (
          <Timeline.Item
            key={ev.id}
            bullet={actionIcon(ev.action)}
            data-testid="history-event"
            title={
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{t(`actions.${ev.action}`, { defaultValue: ev.action })}</Text>
                <Text c="dimmed" fz="sm">
                  {fmt.dateTime(ev.occurredAt)}
                </Text>
              </Group>
            }
          >
            <Group gap={6} mb={changes.length ? 'xs' : 0}>
              <Text fz="sm">{ev.actor ? (ev.actor.name ?? t('history.unknownUser')) : t('history.system')}</Text>
              {ev.actor?.role && (
                <Badge size="sm" variant="light" color="gray">
                  {t(`roles.${ev.actor.role}`, { defaultValue: ev.actor.role })}
                </Badge>
              )}
            </Group>
            {changes.length > 0 && (
              <Card padding={0} withBorder>
                <Table verticalSpacing={6} horizontalSpacing="sm" layout="fixed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w="22%">{t('history.field')}</Table.Th>
                      <Table.Th>{t('history.before')}</Table.Th>
                      <Table.Th>{t('history.after')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {changes.map(([field, change]) => (
                      <Table.Tr key={field} data-testid={`change-${field}`}>
                        <Table.Td fz="sm" fw={500}>
                          {fieldLabel(field)}
                        </Table.Td>
                        <Table.Td fz="sm">
                          <Text span dir="auto" fz="sm" className={classes.before}>
                            {formatValue(field, change.before)}
                          </Text>
                        </Table.Td>
                        <Table.Td fz="sm">
                          <Text span dir="auto" fz="sm" className={classes.after}>
                            {formatValue(field, change.after)}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
