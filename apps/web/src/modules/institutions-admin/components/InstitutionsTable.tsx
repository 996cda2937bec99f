import { Badge, Group, SegmentedControl, Select, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { INSTITUTION_TYPES, type InstitutionType } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { institutionName } from '../../reporting/utils/labels';
import type { InstitutionItem } from '../api';

export type StatusFilter = 'all' | 'active' | 'inactive';

export interface InstitutionFilters {
  q: string;
  type: InstitutionType | null;
  status: StatusFilter;
}

export function InstitutionFiltersBar({ value, onChange }: { value: InstitutionFilters; onChange: (next: InstitutionFilters) => void }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      <TextInput
        label={t('institutionsAdmin.filters.q')}
        placeholder={t('institutionsAdmin.filters.qPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={value.q}
        onChange={(e) => onChange({ ...value, q: e.currentTarget.value })}
        dir="auto"
        w={280}
        data-testid="institutions-q"
      />
      <Select
        label={t('institutionsAdmin.filters.type')}
        placeholder={t('institutionsAdmin.filters.anyType')}
        data={INSTITUTION_TYPES.map((type) => ({ value: type, label: t(`institutionsAdmin.types.${type}`) }))}
        value={value.type}
        onChange={(v) => onChange({ ...value, type: (v as InstitutionType | null) ?? null })}
        clearable
        w={260}
      />
      <Stack2 label={t('institutionsAdmin.filters.status')}>
        <SegmentedControl
          value={value.status}
          onChange={(v) => onChange({ ...value, status: v as StatusFilter })}
          data={(['all', 'active', 'inactive'] as const).map((s) => ({ value: s, label: t(`institutionsAdmin.filters.${s}`) }))}
          aria-label={t('institutionsAdmin.filters.status')}
        />
      </Stack2>
    </Group>
  );
}

function Stack2({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text fz="sm" fw={500} mb={4}>
        {label}
      </Text>
      {children}
    </div>
  );
}

/** The institutions, one row each; a click opens the drawer. */
export function InstitutionsTable({ items, all, onOpen }: { items: readonly InstitutionItem[]; all: readonly InstitutionItem[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const byId = new Map(all.map((i) => [i.id, i]));
  if (items.length === 0)
    return (
      <Text c="dimmed" fz="sm" ta="center" py="lg">
        {t('institutionsAdmin.empty')}
      </Text>
    );
  return (
    <>
      <Text fz="sm" c="dimmed" mb="xs" data-testid="institutions-count">
        {t('institutionsAdmin.count', { count: items.length, formatted: fmt.number(items.length) })}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="institutions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('institutionsAdmin.columns.code')}</Table.Th>
              <Table.Th>{t('institutionsAdmin.columns.name')}</Table.Th>
              <Table.Th>{t('institutionsAdmin.columns.type')}</Table.Th>
              <Table.Th>{t('institutionsAdmin.columns.parent')}</Table.Th>
              <Table.Th>{t('institutionsAdmin.columns.domains')}</Table.Th>
              <Table.Th>{t('institutionsAdmin.columns.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => {
              const parent = i.parentId ? byId.get(i.parentId) : undefined;
              const merged = i.mergedIntoId ? byId.get(i.mergedIntoId) : undefined;
              return (
                <Table.Tr key={i.id} onClick={() => onOpen(i.id)} style={{ cursor: 'pointer' }} data-testid="institution-row" data-code={i.code}>
                  <Table.Td fz="sm" fw={600}>
                    <bdi dir="ltr">{i.code}</bdi>
                  </Table.Td>
                  <Table.Td fz="sm">
                    <button type="button" className="sidh-link-button" onClick={() => onOpen(i.id)} style={{ all: 'unset', cursor: 'pointer' }}>
                      <bdi>{institutionName(i, locale)}</bdi>
                    </button>
                  </Table.Td>
                  <Table.Td fz="sm">{t(`institutionsAdmin.types.${i.type}`)}</Table.Td>
                  <Table.Td fz="sm">{parent ? <bdi>{institutionName(parent, locale)}</bdi> : '—'}</Table.Td>
                  <Table.Td fz="xs">
                    {i.emailDomains.length ? (
                      <bdi dir="ltr">{i.emailDomains.join(', ')}</bdi>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge color={i.active ? 'teal' : 'gray'} variant="light" style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
                      {merged ? t('institutionsAdmin.status.merged', { name: merged.code }) : t(i.active ? 'institutionsAdmin.status.active' : 'institutionsAdmin.status.inactive')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
