import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import { INDICATOR_TYPES, type IndicatorType } from '@sidh/domain';
import type { Indicator } from '../../../app/api-types';
import { emptyIndicator } from '../utils/content';
import classes from './contributions.module.css';
import { autoDir } from '../../reporting/utils/auto-dir';
import { DateField } from '../../../app/DateField';

const num = (v: string | number): number | null => (v === '' || v === null ? null : typeof v === 'number' ? v : Number(v));

/** Indicators (OHCHR framework): one row each, added and removed freely. */
export function IndicatorsEditor({ rows, onChange, disabled }: { rows: Indicator[]; onChange: (rows: Indicator[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<Indicator>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div data-testid="indicators">
      {rows.length === 0 ? (
        <Text fz="sm" c="dimmed" mb="sm">
          {t('reporting.indicators.empty')}
        </Text>
      ) : (
        // One labelled block per indicator whose fields wrap to the width they get: nothing is cut or
        // hidden behind a horizontal scroll (the 8-column table was clipped beside the sidebar at 1440 px).
        <Stack gap="sm" mb="sm">
          {rows.map((r, i) => (
            <fieldset key={i} className={classes.indicatorRow} data-testid="indicator-row">
              <legend className={classes.indicatorLegend}>{t('workflow.indicators.row', { n: i + 1 })}</legend>
              <div className={classes.indicatorFields}>
                <TextInput
                  className={classes.indicatorName}
                  label={t('reporting.indicators.name')}
                  value={r.name}
                  ref={autoDir}
                  onChange={(e) => set(i, { name: e.currentTarget.value })}
                  disabled={disabled}
                  data-testid="indicator-name"
                />
                <Select
                  className={classes.indicatorType}
                  label={t('reporting.indicators.type')}
                  value={r.type}
                  onChange={(v) => v && set(i, { type: v as IndicatorType })}
                  data={INDICATOR_TYPES.map((ty) => ({ value: ty, label: t(`reporting.indicatorType.${ty}`) }))}
                  allowDeselect={false}
                  disabled={disabled}
                />
                <TextInput
                  className={classes.indicatorSmall}
                  label={t('reporting.indicators.unit')}
                  value={r.unit ?? ''}
                  ref={autoDir}
                  onChange={(e) => set(i, { unit: e.currentTarget.value || null })}
                  disabled={disabled}
                />
                {(['baseline', 'target', 'value'] as const).map((k) => (
                  <NumberInput
                    key={k}
                    className={classes.indicatorSmall}
                    label={t(`reporting.indicators.${k}`)}
                    value={r[k] ?? ''}
                    onChange={(v) => set(i, { [k]: num(v) })}
                    hideControls
                    dir="ltr"
                    disabled={disabled}
                  />
                ))}
                <div className={classes.indicatorDate}>
                  <DateField label={t('reporting.indicators.date')} value={r.date ?? ''} onChange={(v) => set(i, { date: v || null })} disabled={disabled} />
                </div>
                <Tooltip label={t('reporting.indicators.remove')} withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                    aria-label={t('reporting.indicators.remove')}
                    disabled={disabled}
                    className={classes.indicatorRemove}
                    data-testid="indicator-remove"
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </div>
            </fieldset>
          ))}
        </Stack>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...rows, emptyIndicator()])}
          disabled={disabled || rows.length >= 50}
          data-testid="indicator-add"
        >
          {t('reporting.indicators.add')}
        </Button>
      </Group>
    </div>
  );
}

/** Read-only table of indicators. */
export function IndicatorsTable({ rows }: { rows: Indicator[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const n = (v: number | null) => (v === null ? '—' : fmt.number(v));
  if (rows.length === 0) return <Text fz="sm" c="dimmed">{t('reporting.indicators.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder verticalSpacing={6} data-testid="indicators-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reporting.indicators.name')}</Table.Th>
            <Table.Th>{t('reporting.indicators.type')}</Table.Th>
            <Table.Th>{t('reporting.indicators.unit')}</Table.Th>
            <Table.Th>{t('reporting.indicators.baseline')}</Table.Th>
            <Table.Th>{t('reporting.indicators.target')}</Table.Th>
            <Table.Th>{t('reporting.indicators.value')}</Table.Th>
            <Table.Th>{t('reporting.indicators.date')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i}>
              <Table.Td dir="auto">{r.name}</Table.Td>
              <Table.Td>{t(`reporting.indicatorType.${r.type}`)}</Table.Td>
              <Table.Td dir="auto">{r.unit ?? '—'}</Table.Td>
              <Table.Td>{n(r.baseline)}</Table.Td>
              <Table.Td>{n(r.target)}</Table.Td>
              <Table.Td>{n(r.value)}</Table.Td>
              <Table.Td>{r.date ? fmt.date(r.date) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
