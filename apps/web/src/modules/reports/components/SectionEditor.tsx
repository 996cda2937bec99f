import { memo, useEffect, useMemo, useState } from 'react';
import { ActionIcon, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconCheck, IconDeviceFloppy, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@sidh/domain';
import { etagOf } from '../../../app/api-client';
import { useFormat } from '../../../app/locale';
import { ConflictDialog } from '../../../app/versioned/ConflictDialog';
import { useSectionEditor } from '../hooks/use-section-editor';
import type { ReportSection } from '../types';
import type { SectionField } from '../utils/section';
import { useTextDirection } from '../utils/text-direction';
import { sectionWords } from '../utils/words';
import { RefreshDialog } from './RefreshDialog';
import { ReportError } from './ReportError';
import { ReportPreview } from './ReportPreview';
import classes from './reports.module.css';

export interface SectionEditorProps {
  reportId: string;
  section: ReportSection;
  /** 0-based rank, and how many sections the report has (move up/down). */
  index: number;
  count: number;
  language: Locale;
  dir: 'rtl' | 'ltr';
  canEdit: boolean;
  /** Live words of the section and whether it has unsaved changes. */
  onLive: (sectionId: string, words: number, dirty: boolean) => void;
  /** A save or a conflict changed the report's version. */
  onChanged: () => void;
  onMove: (sectionId: string, delta: -1 | 1) => void;
  moving: boolean;
}

/** The words of one section, as the report counts them. */
function SectionWords({ words }: { words: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Badge variant="light" color="gray" data-testid="section-words" data-words={words}>
      {t('reports.words.count', { count: words, formatted: fmt.number(words) })}
    </Badge>
  );
}

function SaveNote({ state, savedAt, dirty }: { state: string; savedAt: Date | null; dirty: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (state === 'conflict') {
    return (
      <Group gap={4} c="orange.8" data-testid="section-save-state" data-state="conflict">
        <IconAlertTriangle size={14} />
        <Text fz="xs">{t('reports.section.conflict')}</Text>
      </Group>
    );
  }
  if (dirty) {
    return (
      <Text fz="xs" c="petrol.8" fw={600} data-testid="section-save-state" data-state="dirty">
        {t('reports.section.unsaved')}
      </Text>
    );
  }
  return (
    <Group gap={4} c="dimmed" data-testid="section-save-state" data-state="saved">
      {savedAt && <IconCheck size={14} />}
      <Text fz="xs">{savedAt ? t('reports.section.savedAt', { time: fmt.dateTime(savedAt) }) : t('reports.section.upToDate')}</Text>
    </Group>
  );
}

/**
 * One section of a report: heading and text (Markdown subset, written in the report's language and
 * direction), a live preview, its citations and words; saved with `If-Match` of the section's version.
 */
function SectionEditorImpl({ reportId, section, index, count, language, dir, canEdit, onLive, onChanged, onMove, moving }: SectionEditorProps) {
  const { t } = useTranslation();
  const [refreshing, setRefreshing] = useState(false);
  const ed = useSectionEditor(reportId, { data: section, etag: etagOf(null, section.version) }, onChanged);
  const { heading, body } = ed.values;
  const words = useMemo(() => sectionWords({ heading, body }), [heading, body]);
  const dirty = ed.dirty;
  const textRef = useTextDirection(language, dir);

  useEffect(() => onLive(section.id, words, dirty), [onLive, section.id, words, dirty]);
  // Their version is the report's now: the report's ETag moved.
  useEffect(() => {
    if (ed.conflict) onChanged();
  }, [ed.conflict, onChanged]);

  const fieldError = (f: SectionField) => (ed.fieldErrors[f] ? t(ed.fieldErrors[f]!, { defaultValue: t('validation.invalid') }) : undefined);
  const number = index + 1;

  return (
    <Card className={classes.section} data-dirty={dirty} data-testid="report-section" data-section-id={section.id} data-key={section.key}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Group gap="sm" align="flex-start" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
            <Badge variant="filled" color="petrol" size="lg" radius="sm" mt={canEdit ? 6 : 2}>
              {number}
            </Badge>
            {canEdit ? (
              <TextInput
                value={heading}
                onChange={(e) => ed.setField('heading', e.currentTarget.value)}
                aria-label={t('reports.section.heading', { number })}
                ref={textRef}
                dir={dir}
                maxLength={500}
                error={fieldError('heading')}
                style={{ flex: 1 }}
                styles={{ input: { fontWeight: 600 } }}
                data-testid="section-heading"
              />
            ) : (
              <Title order={2} fz="md" lang={language} dir={dir} data-testid="section-heading-text">
                {heading}
              </Title>
            )}
          </Group>
          <Group gap={4} wrap="nowrap">
            <SectionWords words={words} />
            {canEdit && (
              <>
                <Tooltip label={t('reports.section.moveUp')} withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={index === 0 || moving}
                    onClick={() => onMove(section.id, -1)}
                    aria-label={t('reports.section.moveUp')}
                    data-testid="section-up"
                  >
                    <IconArrowUp size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('reports.section.moveDown')} withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={index === count - 1 || moving}
                    onClick={() => onMove(section.id, 1)}
                    aria-label={t('reports.section.moveDown')}
                    data-testid="section-down"
                  >
                    <IconArrowDown size={18} />
                  </ActionIcon>
                </Tooltip>
              </>
            )}
          </Group>
        </Group>

        {section.citations.length > 0 && (
          <Group gap={6} data-testid="section-citations">
            <Text fz="xs" c="dimmed">
              {t('reports.section.citations')}
            </Text>
            {section.citations.map((c) => (
              <Badge key={c} variant="outline" color="gray" tt="none" fw={500}>
                <bdi lang={language} dir={dir}>
                  {c}
                </bdi>
              </Badge>
            ))}
          </Group>
        )}

        <SimpleGrid cols={{ base: 1, lg: canEdit ? 2 : 1 }} spacing="md">
          {canEdit && (
            <Textarea
              value={body}
              onChange={(e) => ed.setField('body', e.currentTarget.value)}
              aria-label={t('reports.section.body', { number })}
              ref={textRef}
              description={t('reports.section.syntax')}
              autosize
              minRows={6}
              maxRows={24}
              dir={dir}
              error={fieldError('body')}
              classNames={{ input: classes.source }}
              data-testid="section-body"
            />
          )}
          <Stack gap={4}>
            {canEdit && (
              <Text fz="xs" c="dimmed">
                {t('reports.section.preview')}
              </Text>
            )}
            <ReportPreview source={body} language={language} dir={dir} empty={t('reports.section.emptyPreview')} testId="section-preview" />
          </Stack>
        </SimpleGrid>

        {canEdit && (
          <Group justify="space-between" wrap="wrap" gap="sm">
            <SaveNote state={ed.state} savedAt={ed.savedAt} dirty={dirty} />
            <Group gap="sm">
              <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => setRefreshing(true)} data-testid="section-refresh">
                {t('reports.section.refresh')}
              </Button>
              <Button leftSection={<IconDeviceFloppy size={16} />} onClick={ed.save} loading={ed.saving} disabled={!dirty} data-testid="section-save">
                {t('reports.section.save')}
              </Button>
            </Group>
          </Group>
        )}
        {ed.state === 'error' && Object.keys(ed.fieldErrors).length === 0 && <ReportError error={ed.error} />}
      </Stack>

      {canEdit && (
        <>
          <ConflictDialog<SectionField>
            conflict={ed.conflict}
            messages="reports.conflict"
            fieldLabel={(f) => t(`reports.section.fields.${f}`)}
            formatValue={(_f, value) => (
              <Text span fz="sm" lang={language} dir={dir} style={{ whiteSpace: 'pre-wrap' }}>
                {String(value ?? '')}
              </Text>
            )}
            onReload={ed.reload}
            onReapply={ed.reapply}
            onClose={ed.dismissConflict}
            busy={ed.saving}
            testId="section-conflict"
          />
          <RefreshDialog
            reportId={reportId}
            sectionId={section.id}
            language={language}
            dir={dir}
            opened={refreshing}
            onClose={() => setRefreshing(false)}
            onApply={(proposed) => ed.setField('body', proposed)}
          />
        </>
      )}
    </Card>
  );
}

export const SectionEditor = memo(SectionEditorImpl);
