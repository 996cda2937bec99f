import type { ReactNode } from 'react';
import { Badge, Button, Group, Loader, SegmentedControl, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { StatusFilter } from '../utils/filter';

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
}

/** The filters above every table: free text and status (active, deactivated, all). */
export function TableFilters({ text, onText, status, onStatus, extra }: { text: string; onText: (v: string) => void; status: StatusFilter; onStatus: (v: StatusFilter) => void; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label={t('referenceAdmin.filters.search')}
        leftSection={<IconSearch size={14} />}
        value={text}
        onChange={(e) => onText(e.currentTarget.value)}
        w={260}
        data-testid="reference-search"
      />
      {extra}
      <SegmentedControl
        aria-label={t('referenceAdmin.filters.status')}
        value={status}
        onChange={(v) => onStatus(v as StatusFilter)}
        data={[
          { value: 'all', label: t('referenceAdmin.filters.all') },
          { value: 'active', label: t('referenceAdmin.filters.active') },
          { value: 'inactive', label: t('referenceAdmin.filters.inactive') },
        ]}
      />
    </Group>
  );
}

export function StatusBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={active ? 'teal' : 'gray'}>
      {active ? t('referenceAdmin.status.active') : t('referenceAdmin.status.inactive')}
    </Badge>
  );
}

/** Edit, and deactivate or reactivate (nothing is deleted: records keep naming the entry). */
export function RowActions({ active, onEdit, onToggle, busy, testId }: { active: boolean; onEdit: () => void; onToggle: () => void; busy: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Button size="compact-sm" variant="subtle" onClick={onEdit} data-testid={`edit-${testId}`}>
        {t('referenceAdmin.actions.edit')}
      </Button>
      <Button size="compact-sm" variant="subtle" color={active ? 'red' : 'teal'} onClick={onToggle} loading={busy} data-testid={`toggle-${testId}`}>
        {active ? t('referenceAdmin.actions.deactivate') : t('referenceAdmin.actions.reactivate')}
      </Button>
    </Group>
  );
}

export function ReferenceTable<T>({ rows, columns, rowKey, loading, actions }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; loading: boolean; actions: (row: T) => ReactNode }) {
  const { t } = useTranslation();
  if (loading) return <Loader size="sm" />;
  if (rows.length === 0) return <Text c="dimmed">{t('referenceAdmin.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key}>{c.label}</Table.Th>
            ))}
            <Table.Th>
              <VisuallyHidden>{t('referenceAdmin.actions.label')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)} data-testid={`row-${rowKey(row)}`}>
              {columns.map((c) => (
                <Table.Td key={c.key}>{c.render(row)}</Table.Td>
              ))}
              <Table.Td>{actions(row)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
