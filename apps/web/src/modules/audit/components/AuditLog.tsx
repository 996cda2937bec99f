import { Alert, Badge, Button, Card, Code, Drawer, EmptyState, Group, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconChevronLeft, IconChevronRight, IconDownload, IconFilter, IconListDetails, IconLock } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@sidh/domain';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat, useLocale } from '../../../app/locale';
import type { AuditQuery } from '../../../app/api-types';
import { AUDIT_PAGE_SIZE, useAuditEvents, useExportLog } from '../hooks/use-audit';
import { EventDiff } from './EventDiff';

const ENTITY_TYPES = ['recommendation', 'contribution', 'assignment', 'campaign', 'user', 'report', 'invitation', 'review', 'dataset'] as const;

/** The filters as typed (dates as the browser's local date-time); sent as the API's query. */
interface FilterForm {
  actorRole: string | null;
  actorId: string;
  institutionId: string;
  entityType: string | null;
  entityId: string;
  action: string;
  from: string;
  to: string;
  importId: string;
  q: string;
}

const EMPTY: FilterForm = { actorRole: null, actorId: '', institutionId: '', entityType: null, entityId: '', action: '', from: '', to: '', importId: '', q: '' };

/** A local `datetime-local` value as an instant (ISO, UTC); '' → undefined. */
const instant = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

function toQuery(f: FilterForm): AuditQuery {
  const q: Record<string, string> = {};
  if (f.actorRole) q['actorRole'] = f.actorRole;
  if (f.actorId.trim()) q['actorId'] = f.actorId.trim();
  if (f.institutionId.trim()) q['institutionId'] = f.institutionId.trim();
  if (f.entityType) q['entityType'] = f.entityType;
  if (f.entityId.trim()) q['entityId'] = f.entityId.trim();
  if (f.action.trim()) q['action'] = f.action.trim();
  if (f.importId.trim()) q['importId'] = f.importId.trim();
  if (f.q.trim()) q['q'] = f.q.trim();
  const from = instant(f.from);
  const to = instant(f.to);
  if (from) q['from'] = from;
  if (to) q['to'] = to;
  return q as AuditQuery;
}

function Filters({ onApply }: { onApply: (query: AuditQuery) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const set = <K extends keyof FilterForm>(key: K) => (value: FilterForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(toQuery(form));
  };
  return (
    <form onSubmit={submit} aria-label={t('auditWorkspace.filters.title')} data-testid="audit-filters">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" p="md">
        <Select
          label={t('auditWorkspace.filters.actorRole')}
          placeholder={t('auditWorkspace.filters.anyRole')}
          data={[...ROLES, 'system'].map((r) => ({ value: r, label: r === 'system' ? t('auditWorkspace.log.system') : t(`roles.${r}`) }))}
          value={form.actorRole}
          onChange={set('actorRole')}
          clearable
        />
        <Select
          label={t('auditWorkspace.filters.entityType')}
          placeholder={t('auditWorkspace.filters.anyType')}
          data={ENTITY_TYPES.map((e) => ({ value: e, label: t(`auditWorkspace.entityTypes.${e}`) }))}
          value={form.entityType}
          onChange={set('entityType')}
          clearable
        />
        <TextInput label={t('auditWorkspace.filters.entityId')} value={form.entityId} onChange={(e) => set('entityId')(e.currentTarget.value)} dir="ltr" data-testid="filter-entity-id" />
        <TextInput label={t('auditWorkspace.filters.action')} value={form.action} onChange={(e) => set('action')(e.currentTarget.value)} dir="ltr" placeholder="recommendation.update" />
        <TextInput label={t('auditWorkspace.filters.actorId')} value={form.actorId} onChange={(e) => set('actorId')(e.currentTarget.value)} dir="ltr" />
        <TextInput label={t('auditWorkspace.filters.institutionId')} value={form.institutionId} onChange={(e) => set('institutionId')(e.currentTarget.value)} dir="ltr" />
        <TextInput type="datetime-local" label={t('auditWorkspace.filters.from')} value={form.from} onChange={(e) => set('from')(e.currentTarget.value)} />
        <TextInput type="datetime-local" label={t('auditWorkspace.filters.to')} value={form.to} onChange={(e) => set('to')(e.currentTarget.value)} />
        <TextInput label={t('auditWorkspace.filters.importId')} value={form.importId} onChange={(e) => set('importId')(e.currentTarget.value)} dir="ltr" />
        <TextInput
          label={t('auditWorkspace.filters.search')}
          placeholder={t('auditWorkspace.filters.searchPlaceholder')}
          value={form.q}
          onChange={(e) => set('q')(e.currentTarget.value)}
          dir="auto"
          data-testid="audit-search"
        />
      </SimpleGrid>
      <Group px="md" pb="md" gap="sm">
        <Button type="submit" leftSection={<IconFilter size={16} />} data-testid="apply-filters">
          {t('auditWorkspace.filters.apply')}
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setForm(EMPTY);
            onApply({});
          }}
        >
          {t('auditWorkspace.filters.clear')}
        </Button>
        <Button
          variant="light"
          color="grape"
          leftSection={<IconLock size={16} />}
          onClick={() => {
            const next = { ...EMPTY, action: 'evidence.download' };
            setForm(next);
            onApply(toQuery(next));
          }}
          data-testid="restricted-reads"
        >
          {t('auditWorkspace.filters.restrictedReads')}
        </Button>
      </Group>
    </form>
  );
}

/** The audit log: filters, keyset pages (newest first), an event's field diff, CSV and JSON Lines exports. */
export function AuditLog() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { dir } = useLocale();
  const [filter, setFilter] = useState<AuditQuery>({});
  // The cursors of the pages visited: the last one is the page shown (undefined: the newest events).
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [open, setOpen] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];
  const events = useAuditEvents({ ...filter, ...(cursor ? { cursor } : {}), pageSize: AUDIT_PAGE_SIZE });
  const exportLog = useExportLog();
  const data = events.data;
  const Prev = dir === 'rtl' ? IconChevronRight : IconChevronLeft;
  const Next = dir === 'rtl' ? IconChevronLeft : IconChevronRight;

  return (
    <Stack gap="lg">
      <Card padding={0}>
        <Filters
          onApply={(q) => {
            setFilter(q);
            setCursors([undefined]);
          }}
        />
      </Card>
      <Card padding={0}>
        <Group justify="space-between" p="md" wrap="wrap">
          <Title order={2} fz="md">
            {t('audit.events')}
          </Title>
          <Group gap="xs">
            <Button variant="default" size="xs" leftSection={<IconDownload size={16} />} onClick={() => exportLog.mutate({ ...filter, format: 'csv' })} loading={exportLog.isPending && exportLog.variables?.format === 'csv'}>
              {t('auditWorkspace.log.exportCsv')}
            </Button>
            <Button variant="default" size="xs" leftSection={<IconDownload size={16} />} onClick={() => exportLog.mutate({ ...filter, format: 'jsonl' })} loading={exportLog.isPending && exportLog.variables?.format === 'jsonl'}>
              {t('auditWorkspace.log.exportJsonl')}
            </Button>
          </Group>
        </Group>
        {exportLog.isError && (
          <Alert mx="md" mb="md" color="red" icon={<IconAlertTriangle />} title={t('auditWorkspace.log.exportError')}>
            <ErrorMessage error={exportLog.error} />
          </Alert>
        )}
        {events.isPending && (
          <Stack p="md" gap="xs" aria-busy="true" aria-label={t('common.loading')}>
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} h={18} />
            ))}
          </Stack>
        )}
        {events.isError && (
          <Alert m="md" color="red" icon={<IconAlertTriangle />} title={t('audit.error')}>
            <ErrorMessage error={events.error} />
          </Alert>
        )}
        {data && data.items.length === 0 && <EmptyState p="xl" icon={<IconListDetails size={28} />} withIndicatorBackground title={t('audit.empty')} />}
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('audit.when')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.entity')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.changes')}</Table.Th>
                  <Table.Th>{t('audit.hash')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((ev) => {
                  const fields = Object.keys(ev.changes ?? {});
                  return (
                    <Table.Tr key={ev.id} data-testid={`audit-row-${ev.id}`}>
                      <Table.Td fz="sm">
                        <Button variant="subtle" size="compact-sm" onClick={() => setOpen(ev.id)} aria-label={`${t('auditWorkspace.log.details')} ${ev.id}`} data-testid="open-event">
                          {ev.id}
                        </Button>
                      </Table.Td>
                      <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                        {fmt.dateTime(ev.occurredAt)}
                      </Table.Td>
                      <Table.Td fz="sm">{t(`actions.${ev.action}`, { defaultValue: ev.action })}</Table.Td>
                      <Table.Td fz="sm">{t(`auditWorkspace.entityTypes.${ev.entityType}`, { defaultValue: ev.entityType })}</Table.Td>
                      <Table.Td fz="sm">
                        {ev.actorRole && ev.actorRole !== 'system' ? (
                          <Group gap={6} wrap="nowrap">
                            {ev.actorName && <Text fz="sm">{ev.actorName}</Text>}
                            <Badge variant="light" color="gray" size="sm">
                              {t(`roles.${ev.actorRole}`, { defaultValue: ev.actorRole })}
                            </Badge>
                          </Group>
                        ) : (
                          <Text fz="sm" c="dimmed">
                            {t('auditWorkspace.log.system')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td fz="sm">{fields.length ? t('audit.fieldsChanged', { count: fields.length, formatted: fmt.number(fields.length) }) : '—'}</Table.Td>
                      <Table.Td>
                        <Tooltip label={ev.hash} withArrow>
                          <Code dir="ltr">{ev.hash.slice(0, 12)}…</Code>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {data && (cursors.length > 1 || data.nextCursor) && (
          <Group justify="center" p="md" gap="sm">
            <Button variant="default" leftSection={<Prev size={16} />} disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="newer">
              {t('auditWorkspace.log.newer')}
            </Button>
            <Button variant="default" rightSection={<Next size={16} />} disabled={!data.nextCursor} onClick={() => data.nextCursor && setCursors((c) => [...c, data.nextCursor!])} data-testid="older">
              {t('auditWorkspace.log.older')}
            </Button>
          </Group>
        )}
      </Card>
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="xl" title={open ? t('auditWorkspace.event.title', { id: open }) : ''}>
        {open && <EventDiff id={open} />}
      </Drawer>
    </Stack>
  );
}
