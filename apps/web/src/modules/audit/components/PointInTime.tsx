import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconHistory } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat } from '../../../app/locale';
import type { AuditHistoryType } from '../api';
import { useEntityAt } from '../hooks/use-audit';
import { AuditValue } from './AuditValue';

const TYPES: AuditHistoryType[] = ['recommendation', 'contribution', 'assignment', 'campaign', 'user', 'report'];
const isType = (v: string | null): v is AuditHistoryType => v !== null && (TYPES as string[]).includes(v);

/** `2026-11-27T10:15` (the browser's local time) from an instant, for a datetime-local input. */
function localInput(iso: string | null): string {
  const d = iso ? new Date(iso) : new Date();
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * Point in time: a record as it was at a chosen date and time, rebuilt on the server from its audit
 * events alone. The choice lives in the address (`type`, `id`, `at`) so it can be shared and linked.
 */
export function PointInTime() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const initialType = params.get('type');
  const [type, setType] = useState<AuditHistoryType>(isType(initialType) ? initialType : 'recommendation');
  const [id, setId] = useState(params.get('id') ?? '');
  const [at, setAt] = useState(localInput(params.get('at')));
  const shownType = params.get('type');
  const shownId = params.get('id');
  const shownAt = params.get('at');
  const target = isType(shownType) && shownId && shownAt ? { type: shownType, id: shownId, at: shownAt } : null;
  const state = useEntityAt(target);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!id.trim() || !at) return;
    const next = new URLSearchParams(params);
    next.set('tab', 'history');
    next.set('type', type);
    next.set('id', id.trim());
    next.set('at', new Date(at).toISOString());
    setParams(next);
  };

  return (
    <Stack gap="lg">
      <Card>
        <Stack gap={2} mb="sm" maw={720}>
          <Title order={2} fz="md">
            {t('auditWorkspace.pointInTime.title')}
          </Title>
          <Text fz="sm" c="dimmed">
            {t('auditWorkspace.pointInTime.hint')}
          </Text>
        </Stack>
        <form onSubmit={submit} data-testid="point-in-time-form">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <Select
              label={t('auditWorkspace.pointInTime.type')}
              data={TYPES.map((v) => ({ value: v, label: t(`auditWorkspace.entityTypes.${v}`) }))}
              value={type}
              onChange={(v) => isType(v) && setType(v)}
              allowDeselect={false}
            />
            <TextInput
              label={t('auditWorkspace.pointInTime.id')}
              placeholder={t('auditWorkspace.pointInTime.idPlaceholder')}
              value={id}
              onChange={(e) => setId(e.currentTarget.value)}
              dir="ltr"
              required
              data-testid="pit-id"
            />
            <TextInput
              type="datetime-local"
              step={1}
              label={t('auditWorkspace.pointInTime.at')}
              value={at}
              onChange={(e) => setAt(e.currentTarget.value)}
              required
              data-testid="pit-at"
            />
            <Group align="flex-end">
              <Button type="submit" leftSection={<IconHistory size={18} />} data-testid="pit-show">
                {t('auditWorkspace.pointInTime.show')}
              </Button>
            </Group>
          </SimpleGrid>
        </form>
      </Card>

      {target && state.isPending && <Skeleton h={160} aria-busy="true" aria-label={t('common.loading')} />}
      {state.isError && (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('auditWorkspace.pointInTime.error')}>
          <ErrorMessage error={state.error} />
        </Alert>
      )}
      {target && state.data && (
        <Card padding={0} data-testid="pit-result">
          <Group justify="space-between" p="md" wrap="wrap">
            <Title order={3} fz="md">
              {t(`auditWorkspace.entityTypes.${state.data.entityType}`)} — {t('auditWorkspace.pointInTime.asOf', { date: fmt.dateTime(state.data.at) })}
            </Title>
            <Group gap="xs">
              <Badge variant="light" color={state.data.exists === true ? 'teal' : state.data.exists === false ? 'red' : 'gray'} data-testid="pit-exists">
                {state.data.exists === true ? t('auditWorkspace.pointInTime.exists') : state.data.exists === false ? t('auditWorkspace.pointInTime.deleted') : t('auditWorkspace.pointInTime.notYet')}
              </Badge>
              <Text fz="sm" c="dimmed">
                {t('auditWorkspace.pointInTime.eventsApplied', { applied: fmt.number(state.data.eventsApplied), total: fmt.number(state.data.eventsTotal) })}
              </Text>
            </Group>
          </Group>
          {state.data.fields.length === 0 ? (
            <Text p="md" fz="sm" c="dimmed">
              {t('auditWorkspace.pointInTime.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table verticalSpacing="xs" fz="sm" striped data-testid="pit-fields">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={200}>{t('auditWorkspace.pointInTime.field')}</Table.Th>
                    <Table.Th>{t('auditWorkspace.pointInTime.value')}</Table.Th>
                    <Table.Th w={200}>{t('auditWorkspace.pointInTime.changedAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {state.data.fields.map((f) => (
                    <Table.Tr key={f.field} data-field={f.field}>
                      <Table.Td>{t(`fields.${f.field}`, { defaultValue: f.field })}</Table.Td>
                      <Table.Td>
                        <AuditValue field={f.field} value={f.value} />
                      </Table.Td>
                      <Table.Td>
                        {f.changedAt ? (
                          fmt.dateTime(f.changedAt)
                        ) : (
                          <Text fz="xs" c="dimmed">
                            {t('auditWorkspace.pointInTime.before')}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}
    </Stack>
  );
}
