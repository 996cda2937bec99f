import { Card, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCloudUpload, IconLoader2 } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { IMPLEMENTATION_STATUSES, type ImplementationStatus, type Role } from '@sidh/domain';
import type { Indicator } from '../../../app/api-types';
import { useFormat } from '../../../app/locale';
import { ConflictDialog } from '../../../app/versioned/ConflictDialog';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useRefreshContribution, type LoadedContribution } from '../hooks/use-contribution';
import { useContributionEditor, type SaveState } from '../hooks/use-contribution-editor';
import type { ContentField } from '../utils/content';
import { ContributionActions } from './ContributionActions';
import { EvidencePanel } from './EvidencePanel';
import { IndicatorsEditor } from './IndicatorsEditor';
import { MarkdownField } from './MarkdownField';
import { autoDir } from '../../reporting/utils/auto-dir';

/** A content value in the conflict dialog. */
function showContent(field: ContentField, v: unknown, t: TFunction): string {
  if (v === null || v === undefined || v === '') return t('reporting.conflict.empty');
  if (field === 'implementationStatus') return t(`status.${String(v)}`);
  if (field === 'indicators') {
    const rows = v as Indicator[];
    return rows.length === 0 ? t('reporting.conflict.empty') : rows.map((r) => `${r.name}${r.value !== null ? ` = ${r.value}` : ''}`).join(' · ');
  }
  const s = String(v);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

function SaveIndicator({ state, savedAt }: { state: SaveState; savedAt: Date | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const map = {
    saved: { icon: IconCheck, color: 'teal', text: savedAt ? t('reporting.editor.savedAt', { time: fmt.dateTime(savedAt) }) : t('reporting.editor.upToDate') },
    pending: { icon: IconCloudUpload, color: 'dimmed', text: t('reporting.editor.pending') },
    saving: { icon: IconLoader2, color: 'dimmed', text: t('reporting.editor.saving') },
    error: { icon: IconAlertTriangle, color: 'red', text: t('reporting.editor.saveFailed') },
    conflict: { icon: IconAlertTriangle, color: 'orange', text: t('reporting.editor.conflict') },
  }[state];
  return (
    <Group gap={6} wrap="nowrap" data-testid="save-state" data-state={state} aria-live="polite">
      <map.icon size={16} color={map.color === 'dimmed' ? 'var(--mantine-color-dimmed)' : `var(--mantine-color-${map.color}-6)`} />
      <Text fz="xs" c={map.color === 'dimmed' ? 'dimmed' : map.color}>
        {map.text}
      </Text>
    </Group>
  );
}

/** The focal point's editor: content saved automatically, evidence, and the workflow steps. */
export function ContributionEditor({ loaded, role, delayMs }: { loaded: LoadedContribution; role: Role; delayMs?: number }) {
  const { t } = useTranslation();
  const ed = useContributionEditor(loaded, { delayMs });
  const c = ed.base.data;
  const refreshEvidence = useRefreshContribution(c.id);
  const fieldError = (f: string) => (ed.fieldErrors[f] ? t(`reporting.validation.${ed.fieldErrors[f]!.replace('validation.', '')}`, { defaultValue: t('reporting.validation.invalid') }) : undefined);

  return (
    <Stack gap="lg" data-testid="contribution-editor">
      <Card>
        <Group justify="space-between" mb="md" wrap="wrap">
          <Title order={2} fz="md">
            {t('reporting.editor.content')}
          </Title>
          <SaveIndicator state={ed.state} savedAt={ed.savedAt} />
        </Group>
        <Stack gap="lg">
          <Select
            label={t('reporting.fields.implementationStatus')}
            placeholder={t('reporting.editor.chooseStatus')}
            value={ed.values.implementationStatus}
            onChange={(v) => ed.setField('implementationStatus', (v as ImplementationStatus | null) ?? null)}
            data={IMPLEMENTATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            required
            maw={420}
            error={fieldError('implementationStatus')}
            data-testid="field-implementationStatus"
          />
          <MarkdownField
            label={t('reporting.fields.measures')}
            description={t('reporting.editor.measuresHelp')}
            value={ed.values.measures}
            onChange={(v) => ed.setField('measures', v)}
            required
            maxLength={20000}
            error={fieldError('measures')}
            testId="field-measures"
          />
          <Textarea
            label={t('reporting.fields.challenges')}
            value={ed.values.challenges}
            onChange={(e) => ed.setField('challenges', e.currentTarget.value)}
            autosize
            minRows={3}
            ref={autoDir}
            maxLength={10000}
            data-testid="field-challenges"
          />
          <Textarea
            label={t('reporting.fields.nextSteps')}
            value={ed.values.nextSteps}
            onChange={(e) => ed.setField('nextSteps', e.currentTarget.value)}
            autosize
            minRows={3}
            ref={autoDir}
            maxLength={10000}
            data-testid="field-nextSteps"
          />
        </Stack>
      </Card>
      <Card>
        <Title order={2} fz="md" mb="md">
          {t('reporting.fields.indicators')}
        </Title>
        <IndicatorsEditor rows={ed.values.indicators} onChange={(rows) => ed.setField('indicators', rows)} />
      </Card>
      <Card>
        <Title order={2} fz="md" mb="md">
          {t('reporting.evidence.heading')}
        </Title>
        <EvidencePanel contributionId={c.id} items={loaded.data.evidence} editable onChanged={refreshEvidence} />
      </Card>
      {ed.state === 'error' && <ReportingError error={ed.error} title={t('reporting.editor.saveFailed')} />}
      <Card>
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text fz="sm" c="dimmed" maw={520}>
            {c.reviewer === 'coordinator' ? t('workflow.reviewer.submitHelpCoordinator') : t('reporting.editor.submitHelp')}
          </Text>
          <ContributionActions
            loaded={ed.base}
            role={role}
            content={ed.values}
            beforeAction={() => ed.flush()}
            onDone={(next) => ed.adopt(next)}
          />
        </Group>
      </Card>
      <ConflictDialog<ContentField>
        conflict={ed.conflict}
        messages="reporting.conflict"
        fieldLabel={(f) => t(`reporting.fields.${f}`)}
        formatValue={(f, v) => showContent(f, v, t)}
        onReload={ed.reload}
        onReapply={ed.reapply}
        testId="contribution-conflict"
      />
    </Stack>
  );
}
