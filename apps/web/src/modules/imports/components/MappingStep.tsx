import { Fragment, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowRight, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  CREATABLE_TARGETS,
  DUPLICATE_POLICIES,
  isListTarget,
  isScalarTarget,
  type DuplicatePolicy,
  type PresetName,
  type TargetField,
} from '@sidh/domain';
import type { ImportPreset } from '../../../app/api-types';
import { useFormat } from '../../../app/locale';
import {
  DELIMITERS,
  ENUM_VALUES,
  FIELD_GROUPS,
  draftProblems,
  hasValueMapping,
  missingPresetColumns,
  withField,
  type Delimiter,
  type MappingDraft,
} from '../utils/mapping';
import classes from './imports.module.css';

/** Translated label of an enumeration value (`response.supported` → "Acceptée"). */
export function useEnumLabel() {
  const { t } = useTranslation();
  return (field: TargetField, value: string) => {
    const ns = field === 'mechanism' ? 'mechanism' : field === 'response' ? 'response' : field === 'status' ? 'status' : field === 'kind' ? 'kind' : null;
    return ns ? t(`${ns}.${value}`, { defaultValue: value }) : value;
  };
}

function ValuesEditor({ field, draft, onChange }: { field: TargetField; draft: MappingDraft; onChange: (d: MappingDraft) => void }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const spec = draft.fields[field];
  const options = ENUM_VALUES[field]?.map((v) => ({ value: v, label: enumLabel(field, v) }));
  const setRow = (i: number, patch: Partial<{ from: string; to: string }>) =>
    onChange(withField(draft, field, { values: spec.values.map((v, j) => (j === i ? { ...v, ...patch } : v)) }));
  return (
    <Stack gap="xs" className={classes.valuesPanel} data-testid={`values-${field}`}>
      <Text fz="xs" c="dimmed">
        {t('imports.mapping.valuesHint')}
      </Text>
      {spec.values.map((row, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="center">
          <TextInput
            size="xs"
            flex={1}
            value={row.from}
            onChange={(e) => setRow(i, { from: e.currentTarget.value })}
            aria-label={t('imports.mapping.valueFrom')}
            placeholder={t('imports.mapping.valueFrom')}
            dir="auto"
            data-testid={`value-from-${field}-${i}`}
          />
          <IconArrowRight size={16} className={classes.flipInRtl} aria-hidden />
          {options ? (
            <Select
              size="xs"
              flex={1}
              data={[{ value: '', label: t('imports.mapping.ignoreValue') }, ...options]}
              value={row.to}
              onChange={(v) => setRow(i, { to: v ?? '' })}
              aria-label={t('imports.mapping.valueTo')}
              allowDeselect={false}
              data-testid={`value-to-${field}-${i}`}
            />
          ) : (
            <TextInput
              size="xs"
              flex={1}
              value={row.to}
              onChange={(e) => setRow(i, { to: e.currentTarget.value })}
              aria-label={t('imports.mapping.valueTo')}
              placeholder={t('imports.mapping.valueToFree')}
              dir="auto"
              data-testid={`value-to-${field}-${i}`}
            />
          )}
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('imports.mapping.removeValue')}
            onClick={() => onChange(withField(draft, field, { values: spec.values.filter((_, j) => j !== i) }))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange(withField(draft, field, { values: [...spec.values, { from: '', to: options?.[0]?.value ?? '' }] }))}
          data-testid={`value-add-${field}`}
        >
          {t('imports.mapping.addValue')}
        </Button>
      </Group>
    </Stack>
  );
}

function DefaultInput({ field, draft, onChange }: { field: TargetField; draft: MappingDraft; onChange: (d: MappingDraft) => void }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  if (!isScalarTarget(field)) return <Text c="dimmed">{t('common.none')}</Text>;
  const value = draft.defaults[field] ?? '';
  const set = (v: string) => onChange({ ...draft, defaults: { ...draft.defaults, [field]: v } });
  const options = ENUM_VALUES[field];
  if (options) {
    return (
      <Select
        size="xs"
        data={options.map((v) => ({ value: v, label: enumLabel(field, v) }))}
        value={value || null}
        onChange={(v) => set(v ?? '')}
        clearable
        placeholder={t('imports.mapping.noDefault')}
        aria-label={t('imports.mapping.defaultFor', { field: t(`imports.fields.${field}`) })}
        data-testid={`default-${field}`}
      />
    );
  }
  return (
    <TextInput
      size="xs"
      value={value}
      onChange={(e) => set(e.currentTarget.value)}
      placeholder={t('imports.mapping.noDefault')}
      aria-label={t('imports.mapping.defaultFor', { field: t(`imports.fields.${field}`) })}
      dir="auto"
      data-testid={`default-${field}`}
    />
  );
}

interface MappingStepProps {
  columns: readonly string[];
  presets: readonly ImportPreset[];
  suggested: PresetName;
  draft: MappingDraft;
  onChange: (draft: MappingDraft) => void;
  onPreset: (name: PresetName) => void;
  onBack: () => void;
  onDryRun: () => void;
  running: boolean;
}

/** Step 2: each field of a recommendation takes a column of the file, starting from a preset. */
export function MappingStep({ columns, presets, suggested, draft, onChange, onPreset, onBack, onDryRun, running }: MappingStepProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [openValues, setOpenValues] = useState<Set<TargetField>>(() => new Set());
  const preset = presets.find((p) => p.name === draft.preset);
  const missing = preset ? missingPresetColumns(preset, columns) : [];
  const problems = draftProblems(draft);
  const used = new Set(Object.values(draft.fields).flatMap((f) => [f.column, f.elseColumn]).filter(Boolean));
  const columnOptions = columns.map((c) => ({ value: c, label: c }));
  const toggleValues = (f: TargetField) =>
    setOpenValues((s) => {
      const next = new Set(s);
      if (next.has(f)) next.delete(f);
      else next.add(f);
      return next;
    });

  return (
    <Stack gap="lg">
      <Card>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="xs">
            <Select
              label={t('imports.mapping.preset')}
              description={t('imports.mapping.presetHint')}
              data={presets.map((p) => ({
                value: p.name,
                label: p.name === suggested && p.name !== 'custom' ? `${t(`imports.presets.${p.name}.label`)} — ${t('imports.mapping.suggested')}` : t(`imports.presets.${p.name}.label`),
              }))}
              value={draft.preset}
              onChange={(v) => v && onPreset(v as PresetName)}
              allowDeselect={false}
              data-testid="import-preset"
            />
            <Text fz="sm" c="dimmed" data-testid="import-preset-description">
              {t(`imports.presets.${draft.preset}.description`)}
            </Text>
            {missing.length > 0 && (
              <Alert color="orange" icon={<IconAlertTriangle />} p="xs" data-testid="import-preset-missing">
                <Text fz="sm">{t('imports.mapping.presetMissing', { columns: missing.join(' · ') })}</Text>
              </Alert>
            )}
          </Stack>
          <Stack gap="xs">
            <Text fz="sm" fw={500}>
              {t('imports.mapping.columns', { count: columns.length, formatted: fmt.number(columns.length) })}
            </Text>
            <Group gap={6} data-testid="import-columns">
              {columns.map((c) => (
                <Badge key={c} variant={used.has(c) ? 'light' : 'outline'} color={used.has(c) ? 'petrol' : 'gray'} className={classes.sourceValue}>
                  {c}
                </Badge>
              ))}
            </Group>
            <Text fz="xs" c="dimmed">
              {t('imports.mapping.columnsHint')}
            </Text>
          </Stack>
        </SimpleGrid>
      </Card>

      <Card padding={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="import-mapping-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="24%">{t('imports.mapping.field')}</Table.Th>
                <Table.Th w="28%">{t('imports.mapping.column')}</Table.Th>
                <Table.Th w="12%">{t('imports.mapping.separator')}</Table.Th>
                <Table.Th w="20%">{t('imports.mapping.default')}</Table.Th>
                <Table.Th>{t('imports.mapping.values')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FIELD_GROUPS.map((group) => (
                <Fragment key={group.key}>
                  <Table.Tr>
                    <Table.Td colSpan={5} bg="gray.0">
                      <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
                        {t(`imports.mapping.groups.${group.key}`)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                  {group.fields.map((field) => {
                    const spec = draft.fields[field];
                    const label = t(`imports.fields.${field}`);
                    return (
                      <Fragment key={field}>
                        <Table.Tr className={classes.fieldRow} data-testid={`field-${field}`}>
                          <Table.Td>
                            <Text fz="sm" fw={500}>
                              {label}
                            </Text>
                            <Text fz="xs" c="dimmed">
                              {t(`imports.fieldHints.${field}`)}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Select
                              size="xs"
                              data={columnOptions}
                              value={spec.column}
                              onChange={(v) => onChange(withField(draft, field, { column: v }))}
                              clearable
                              searchable
                              placeholder={t('imports.mapping.notMapped')}
                              aria-label={t('imports.mapping.columnFor', { field: label })}
                              nothingFoundMessage={t('imports.mapping.noColumn')}
                              data-testid={`column-${field}`}
                            />
                            {spec.column && (
                              <Select
                                mt={4}
                                size="xs"
                                data={columnOptions.filter((o) => o.value !== spec.column)}
                                value={spec.elseColumn}
                                onChange={(v) => onChange(withField(draft, field, { elseColumn: v }))}
                                clearable
                                searchable
                                leftSection={
                                  <Text fz={10} c="dimmed">
                                    {t('imports.mapping.else')}
                                  </Text>
                                }
                                leftSectionWidth={48}
                                placeholder={t('imports.mapping.elseNone')}
                                aria-label={t('imports.mapping.elseFor', { field: label })}
                                nothingFoundMessage={t('imports.mapping.noColumn')}
                                data-testid={`else-column-${field}`}
                              />
                            )}
                          </Table.Td>
                          <Table.Td>
                            {isListTarget(field) ? (
                              <TextInput
                                size="xs"
                                value={spec.separator}
                                onChange={(e) => onChange(withField(draft, field, { separator: e.currentTarget.value }))}
                                placeholder={t('imports.mapping.separatorNone')}
                                aria-label={t('imports.mapping.separatorFor', { field: label })}
                                className={classes.mono}
                                disabled={!spec.column}
                                data-testid={`separator-${field}`}
                              />
                            ) : (
                              <Text c="dimmed" fz="sm">
                                {t('common.none')}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <DefaultInput field={field} draft={draft} onChange={onChange} />
                          </Table.Td>
                          <Table.Td>
                            {hasValueMapping(field) ? (
                              <Button
                                size="compact-xs"
                                variant={openValues.has(field) ? 'light' : 'subtle'}
                                color={spec.values.length === 0 && !openValues.has(field) ? 'gray' : undefined}
                                onClick={() => toggleValues(field)}
                                aria-expanded={openValues.has(field)}
                                data-testid={`values-toggle-${field}`}
                              >
                                {spec.values.length === 0 ? t('imports.mapping.valuesDefine') : t('imports.mapping.valuesCount', { count: spec.values.length, formatted: fmt.number(spec.values.length) })}
                              </Button>
                            ) : (
                              <Text c="dimmed" fz="sm">
                                {t('common.none')}
                              </Text>
                            )}
                          </Table.Td>
                        </Table.Tr>
                        {openValues.has(field) && (
                          <Table.Tr>
                            <Table.Td colSpan={5}>
                              <ValuesEditor field={field} draft={draft} onChange={onChange} />
                            </Table.Td>
                          </Table.Tr>
                        )}
                      </Fragment>
                    );
                  })}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Card>
        <Title order={3} fz="md" mb="sm">
          {t('imports.mapping.options')}
        </Title>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          <Checkbox.Group
            label={t('imports.mapping.createUnknown')}
            description={t('imports.mapping.createUnknownHint')}
            value={draft.createUnknown}
            onChange={(v) => onChange({ ...draft, createUnknown: v as MappingDraft['createUnknown'] })}
            data-testid="import-create-unknown"
          >
            <Stack gap={6} mt="xs">
              {CREATABLE_TARGETS.map((f) => (
                <Checkbox key={f} value={f} label={t(`imports.fields.${f}`)} data-testid={`create-unknown-${f}`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Select
            label={t('imports.mapping.duplicates')}
            description={t(`imports.mapping.duplicatesHint.${draft.duplicates}`)}
            data={DUPLICATE_POLICIES.map((d) => ({ value: d, label: t(`imports.mapping.duplicatePolicies.${d}`) }))}
            value={draft.duplicates}
            onChange={(v) => v && onChange({ ...draft, duplicates: v as DuplicatePolicy })}
            allowDeselect={false}
            data-testid="import-duplicates"
          />
          <Select
            label={t('imports.mapping.delimiter')}
            description={t('imports.mapping.delimiterHint')}
            data={[
              { value: 'auto', label: t('imports.delimiters.auto') },
              ...DELIMITERS.map((d) => ({ value: d, label: t(`imports.delimiters.${delimiterKey(d)}`) })),
            ]}
            value={draft.delimiter ?? 'auto'}
            onChange={(v) => onChange({ ...draft, delimiter: !v || v === 'auto' ? null : (v as Delimiter) })}
            allowDeselect={false}
            data-testid="import-delimiter"
          />
        </SimpleGrid>
      </Card>

      {problems.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle />} data-testid="import-mapping-problems">
          <Stack gap={4}>
            {problems.map((p) => (
              <Text key={p.code === 'noSeparator' ? `${p.code}-${p.field}` : p.code} fz="sm">
                {p.code === 'noText' ? t('imports.mapping.problems.noText') : t('imports.mapping.problems.noSeparator', { field: t(`imports.fields.${p.field}`) })}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('imports.wizard.back')}
        </Button>
        <Tooltip label={t('imports.mapping.dryRunHint')} withArrow>
          <Button onClick={onDryRun} loading={running} disabled={problems.some((p) => p.code === 'noText')} data-testid="import-dry-run">
            {t('imports.mapping.dryRun')}
          </Button>
        </Tooltip>
      </Group>
    </Stack>
  );
}

export function delimiterKey(d: string): 'comma' | 'semicolon' | 'tab' | 'pipe' | 'other' {
  return d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : d === '|' ? 'pipe' : 'other';
}
