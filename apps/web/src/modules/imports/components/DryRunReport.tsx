import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Card, Group, Menu, Pagination, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconWand } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CREATABLE_TARGETS, type CreatableTarget, type TargetField } from '@sidh/domain';
import type { ImportJobDetail, ImportRejection, Schemas } from '../../../app/api-types';
import { rowErrorMessageKey } from '../../../app/error-messages';
import { useFormat } from '../../../app/locale';
import { shortHash } from '../utils/download';
import { diffParts, listDiff } from '../utils/field-diff';
import { ENUM_VALUES, fieldOfColumn, isFixableByValue, targetOfAuditField, type MappingDraft } from '../utils/mapping';
import { ImportCounts } from './ImportCounts';
import { delimiterKey, useEnumLabel } from './MappingStep';
import classes from './imports.module.css';

export const REJECTIONS_PAGE_SIZE = 25;

/** Encoding, delimiter, rows, hash: what the API detected in the file. */
export function FileFacts({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const facts: Array<[string, string, string]> = [
    ['format', t('imports.report.format'), job.format.toUpperCase()],
    ['encoding', t('imports.report.encoding'), job.encoding ?? t('imports.report.notApplicable')],
    ['delimiter', t('imports.report.delimiter'), job.delimiter ? t(`imports.delimiters.${delimiterKey(job.delimiter)}`) : t('imports.report.notApplicable')],
    ['rows', t('imports.report.rows'), fmt.number(job.totalRows)],
    ['sha256', t('imports.report.sha256'), shortHash(job.sha256)],
  ];
  return (
    <Group gap="xl" wrap="wrap" data-testid="import-facts">
      {facts.map(([key, label, value]) => (
        <Stack key={key} gap={0}>
          <Text fz="xs" c="dimmed">
            {label}
          </Text>
          <Text fz="sm" fw={600} className={key === 'encoding' || key === 'sha256' || key === 'format' ? classes.mono : undefined} data-testid={`fact-${key}`} title={key === 'sha256' ? job.sha256 : undefined}>
            {value}
          </Text>
        </Stack>
      ))}
    </Group>
  );
}

/** A rejection's reason in the UI language, from its code (the API's English message is the fallback). */
export function useReason() {
  const { t } = useTranslation();
  return (r: ImportRejection) => t(rowErrorMessageKey(r.code), { defaultValue: r.message });
}

function FixMenu({ field, value, onFix }: { field: TargetField; value: string; onFix: (field: TargetField, from: string, to: string) => void }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const options = ENUM_VALUES[field];
  if (!options) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="compact-xs" variant="light" leftSection={<IconWand size={14} />} data-testid="fix-value">
          {t('imports.report.mapValue')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('imports.report.mapValueTo', { value })}</Menu.Label>
        {options.map((o) => (
          <Menu.Item key={o} onClick={() => onFix(field, value, o)} data-testid={`fix-value-${o}`}>
            {enumLabel(field, o)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={() => onFix(field, value, '')} data-testid="fix-value-ignore">
          {t('imports.mapping.ignoreValue')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export const CHANGES_SHOWN = 100;

type FieldChange = Schemas['ImportFieldChangeDto'];

/** One changed field of an updated recommendation: its name, then the stored value → the value after the import. */
function FieldChangeLine({ change, label }: { change: FieldChange; label: string }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const target = targetOfAuditField(change.field);
  const none = <Text span c="dimmed">{t('common.none')}</Text>;
  const scalar = (v: string | null) => (v === null || v === '' ? none : <bdi>{target ? enumLabel(target, v) : v}</bdi>);
  let before: ReactNode;
  let after: ReactNode;
  if (Array.isArray(change.before) || Array.isArray(change.after)) {
    const { removed, added, kept } = listDiff(Array.isArray(change.before) ? change.before : [], Array.isArray(change.after) ? change.after : []);
    const items = (values: string[], kind: 'del' | 'ins' | 'kept') =>
      values.map((v) => (kind === 'kept' ? <bdi key={`k-${v}`} className={classes.kept}>{v}</bdi> : kind === 'del' ? <del key={`d-${v}`} className={classes.removed}><bdi>{v}</bdi></del> : <ins key={`i-${v}`} className={classes.added}><bdi>{v}</bdi></ins>));
    before = removed.length + kept.length ? [...items(kept, 'kept'), ...items(removed, 'del')] : none;
    after = added.length + kept.length ? [...items(kept, 'kept'), ...items(added, 'ins')] : none;
  } else if (typeof change.before === 'string' && typeof change.after === 'string' && /^text/.test(change.field)) {
    const d = diffParts(change.before, change.after);
    before = (
      <span dir="auto">
        {d.before.prefix}
        {d.before.middle && <del className={classes.removed}>{d.before.middle}</del>}
        {d.before.suffix}
      </span>
    );
    after = (
      <span dir="auto">
        {d.after.prefix}
        {d.after.middle && <ins className={classes.added}>{d.after.middle}</ins>}
        {d.after.suffix}
      </span>
    );
  } else {
    before = scalar(change.before as string | null);
    after = scalar(change.after as string | null);
  }
  return (
    <div className={classes.fieldChange} data-testid="field-change" data-field={change.field}>
      <Text fz="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <div className={classes.beforeAfter}>
        <Text fz="sm" className={classes.beforeValue} data-testid="field-before">
          <span className={classes.visuallyHidden}>{t('imports.report.before')} </span>
          {before}
        </Text>
        <Text fz="sm" c="dimmed" aria-hidden className={classes.arrow}>
          →
        </Text>
        <Text fz="sm" className={classes.afterValue} data-testid="field-after">
          <span className={classes.visuallyHidden}>{t('imports.report.after')} </span>
          {after}
        </Text>
      </div>
    </div>
  );
}

/** What the import creates and changes, recommendation by recommendation (the first 100). */
function ChangesTable({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const changes = job.report.changes;
  const fieldLabel = (f: string) => {
    const target = targetOfAuditField(f);
    return target ? t(`imports.fields.${target}`) : t(`fields.${f}`, { defaultValue: f });
  };
  const detailed = changes.some((c) => c.changes?.length);
  return (
    <Card padding={0}>
      <Group justify="space-between" p="md" pb="xs">
        <Title order={3} fz="md">
          {t('imports.report.changes')}
        </Title>
        {changes.length > CHANGES_SHOWN && (
          <Text fz="xs" c="dimmed">
            {t('imports.report.changesShown', { formatted: fmt.number(CHANGES_SHOWN) })}
          </Text>
        )}
      </Group>
      <Table.ScrollContainer minWidth={640} mah={detailed ? 560 : 360}>
        <Table verticalSpacing={6} horizontalSpacing="md" stickyHeader data-testid="import-changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.report.recommendation')}</Table.Th>
              <Table.Th>{t('imports.report.row')}</Table.Th>
              <Table.Th>{t('imports.report.action')}</Table.Th>
              <Table.Th>{t('imports.report.changedFields')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.slice(0, CHANGES_SHOWN).map((c, i) => (
              <Table.Tr key={`${c.citation}-${i}`} data-testid="import-change" data-action={c.action}>
                <Table.Td>
                  <Text fz="sm" fw={500} className={classes.sourceValue}>
                    {c.citation ?? t('common.none')}
                  </Text>
                </Table.Td>
                <Table.Td className={classes.numeric} ta="start">
                  {c.rows.map((r) => fmt.number(r)).join(', ')}
                </Table.Td>
                <Table.Td>
                  <Badge color={c.action === 'new' ? 'teal' : 'blue'}>{t(`imports.report.actions.${c.action}`)}</Badge>
                </Table.Td>
                <Table.Td>
                  {c.changes?.length ? (
                    <Stack gap={6}>
                      {c.changes.map((change) => (
                        <FieldChangeLine key={change.field} change={change} label={fieldLabel(change.field)} />
                      ))}
                    </Stack>
                  ) : (
                    <Text fz="sm" c={c.fields.length ? undefined : 'dimmed'}>
                      {c.fields.length ? c.fields.map(fieldLabel).join(' · ') : t('common.none')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

interface DryRunReportProps {
  job: ImportJobDetail;
  draft: MappingDraft;
  onFixValue: (field: TargetField, from: string, to: string) => void;
  onCreateUnknown: (field: CreatableTarget) => void;
  /** Maps every row with this value to a candidate's code, then runs the dry run again. */
  onMapValue?: (field: TargetField, value: string, code: string) => void;
}

type UnknownValue = ImportJobDetail['report']['unknownLabels'][number];

/** One unmatched value: its rows, and a select of the closest reference rows (one choice maps every row). */
function UnmatchedValue({ u, onMapValue }: { u: UnknownValue; onMapValue?: DryRunReportProps['onMapValue'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const candidates = u.candidates ?? [];
  return (
    <Table.Tr data-testid="unmatched-value" data-field={u.field} data-value={u.label}>
      <Table.Td>
        <Text fz="sm">{t(`imports.fields.${u.field}`)}</Text>
      </Table.Td>
      <Table.Td>
        <Text fz="sm" fw={500} className={classes.sourceValue} dir="auto">
          {u.label}
        </Text>
      </Table.Td>
      <Table.Td className={classes.numeric}>{fmt.number(u.rows)}</Table.Td>
      <Table.Td miw={260}>
        {candidates.length && onMapValue ? (
          <Select
            size="xs"
            data={candidates.map((c) => ({ value: c.code, label: `${c.code} — ${c.name} (${fmt.number(Math.round(c.score * 100))} %)` }))}
            value={null}
            onChange={(code) => code && onMapValue(u.field as TargetField, u.label, code)}
            placeholder={t('imports.report.mapTo')}
            aria-label={t('imports.report.mapToFor', { value: u.label })}
            comboboxProps={{ withinPortal: true }}
            data-testid="unmatched-candidates"
          />
        ) : (
          <Text fz="sm" c="dimmed">
            {t('imports.report.noCandidates')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Step 3: what the import would do, and every row it would refuse, with the reason in the UI language. */
export function DryRunReport({ job, draft, onFixValue, onCreateUnknown, onMapValue }: DryRunReportProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const reason = useReason();
  const [page, setPage] = useState(1);
  const { rejections, unknownLabels } = job.report;
  const pages = Math.max(1, Math.ceil(rejections.length / REJECTIONS_PAGE_SIZE));
  const shown = rejections.slice((page - 1) * REJECTIONS_PAGE_SIZE, page * REJECTIONS_PAGE_SIZE);
  const creatable = [...new Set(unknownLabels.map((u) => u.field))].filter(
    (f): f is CreatableTarget => (CREATABLE_TARGETS as readonly string[]).includes(f) && !draft.createUnknown.includes(f as CreatableTarget),
  );

  return (
    <Stack gap="lg" data-testid="dry-run-report">
      <Card>
        <FileFacts job={job} />
      </Card>
      <ImportCounts counts={job.counts} committed={false} />

      {job.counts.rejected === 0 && job.counts.new + job.counts.updated === 0 ? (
        <Alert color="gray" icon={<IconCircleCheck />} title={t('imports.report.nothingTitle')} data-testid="dry-run-nothing">
          {t('imports.report.nothing')}
        </Alert>
      ) : job.counts.rejected === 0 ? (
        <Alert color="teal" icon={<IconCircleCheck />} title={t('imports.report.readyTitle')} data-testid="dry-run-ready">
          {t('imports.report.ready', { count: job.counts.new + job.counts.updated, formatted: fmt.number(job.counts.new + job.counts.updated) })}
        </Alert>
      ) : (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('imports.report.blockedTitle', { count: job.counts.rejected, formatted: fmt.number(job.counts.rejected) })} data-testid="dry-run-blocked">
          {t('imports.report.blocked')}
        </Alert>
      )}

      {unknownLabels.length > 0 && (
        <Card>
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Title order={3} fz="md">
              {t('imports.report.unknownLabels')}
            </Title>
            <Group gap="xs">
              {creatable.map((f) => (
                <Button key={f} size="xs" variant="light" onClick={() => onCreateUnknown(f)} data-testid={`create-${f}`}>
                  {t('imports.report.createLabels', { field: t(`imports.fields.${f}`) })}
                </Button>
              ))}
            </Group>
          </Group>
          <Table.ScrollContainer minWidth={640} mah={420}>
            <Table verticalSpacing={6} horizontalSpacing="sm" data-testid="unmatched-values">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.report.field')}</Table.Th>
                  <Table.Th>{t('imports.report.value')}</Table.Th>
                  <Table.Th>{t('imports.report.rowsCount')}</Table.Th>
                  <Table.Th>{t('imports.report.candidates')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {unknownLabels.slice(0, 60).map((u) => (
                  <UnmatchedValue key={`${u.field}|${u.label}`} u={u} onMapValue={onMapValue} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {(job.report.unknownLabelsMore ?? 0) + Math.max(0, unknownLabels.length - 60) > 0 && (
            <Text fz="xs" c="dimmed" mt="xs" data-testid="unmatched-more">
              {t('imports.report.unmatchedMore', { formatted: fmt.number((job.report.unknownLabelsMore ?? 0) + Math.max(0, unknownLabels.length - 60)) })}
            </Text>
          )}
        </Card>
      )}

      {rejections.length > 0 && (
        <Card padding={0}>
          <Group justify="space-between" p="md" pb="xs">
            <Title order={3} fz="md">
              {t('imports.report.rejectedRows')}
            </Title>
            {job.report.rejectionsTruncated && (
              <Text fz="xs" c="dimmed">
                {t('imports.report.truncated', { formatted: fmt.number(rejections.length) })}
              </Text>
            )}
          </Group>
          <Table.ScrollContainer minWidth={640}>
            <Table striped verticalSpacing="xs" horizontalSpacing="md" data-testid="rejections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>{t('imports.report.row')}</Table.Th>
                  <Table.Th>{t('imports.report.column')}</Table.Th>
                  <Table.Th>{t('imports.report.reason')}</Table.Th>
                  <Table.Th>{t('imports.report.value')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((r, i) => {
                  const field = fieldOfColumn(draft, r.column);
                  return (
                    <Table.Tr key={`${r.row}-${r.code}-${i}`} data-testid="rejection" data-code={r.code} data-row={r.row}>
                      <Table.Td className={classes.numeric} ta="start" data-testid="rejection-row">
                        {fmt.number(r.row)}
                      </Table.Td>
                      <Table.Td>
                        {r.column ? (
                          <Text fz="sm" className={classes.sourceValue} data-testid="rejection-column">
                            {r.column}
                            {field && (
                              <Text span fz="xs" c="dimmed">
                                {' '}
                                ({t(`imports.fields.${field}`)})
                              </Text>
                            )}
                          </Text>
                        ) : (
                          <Text c="dimmed">{t('common.none')}</Text>
                        )}
                      </Table.Td>
                      <Table.Td data-testid="rejection-reason">{reason(r)}</Table.Td>
                      <Table.Td>
                        <Text fz="sm" className={classes.sourceValue} dir="auto" lineClamp={2}>
                          {r.value ?? ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>{field && r.value && isFixableByValue(draft, r) && <FixMenu field={field} value={r.value} onFix={onFixValue} />}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Group justify="center" p="sm">
              <Pagination total={pages} value={page} onChange={setPage} size="sm" />
            </Group>
          )}
        </Card>
      )}

      {job.report.changes.length > 0 && <ChangesTable job={job} />}
    </Stack>
  );
}
