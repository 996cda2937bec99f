import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconFileSpreadsheet, IconFileTypeDocx, IconHistory, IconLock, IconPencil, IconStack2, IconVersions } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission, REPORT_TYPE_RULES, reportTypeName, type Locale } from '@sidh/domain';
import { isApiError } from '../../../app/api-client';
import { useAuth } from '../../../app/auth';
import { directionOf } from '../../../app/i18n';
import { useFormat, useLanguageName, useLocale } from '../../../app/locale';
import { localNameText, localTitleText } from '../../recommendations/utils/labels';
import { reportsApi } from '../api';
import { useReport, useReportChanged, useUpdateReport } from '../hooks/use-reports';
import type { FinalisedReport, ReportDetail } from '../types';
import { moveSection } from '../utils/order';
import { liveDocumentWords } from '../utils/words';
import { DownloadButton } from './DownloadButton';
import { FinaliseDialog } from './FinaliseDialog';
import { HistoryPanel } from './HistoryPanel';
import { MountWhenNear } from './MountWhenNear';
import { ReportDetailsDialog } from './ReportDetailsDialog';
import { ReportError } from './ReportError';
import { SectionEditor } from './SectionEditor';
import { StaleNotice } from './StaleNotice';
import { StatusBadge } from './StatusBadge';
import { VersionsPanel } from './VersionsPanel';
import { WordCountBar } from './WordCountBar';
import classes from './reports.module.css';

const TABS = ['sections', 'versions', 'history'] as const;
type Tab = (typeof TABS)[number];

/** Sections mounted with the page; the others when scrolled near (`MountWhenNear`). */
const EAGER_SECTIONS = 8;

interface Live {
  words: number;
  dirty: boolean;
}

function ReportHeader({
  report,
  words,
  canEdit,
  onFinalise,
  onDetails,
}: {
  report: ReportDetail;
  words: number;
  canEdit: boolean;
  onFinalise: () => void;
  onDetails: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locale } = useLocale();
  const languageName = useLanguageName();
  const hasAnnex = REPORT_TYPE_RULES[report.type].annex;
  return (
    <Card className={classes.sticky} data-testid="report-header">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={6} style={{ flex: 1, minWidth: 280 }}>
          <Group gap="xs" wrap="wrap">
            <Badge color="petrol" data-testid="report-type">
              {reportTypeName(report.type, locale)}
            </Badge>
            <Badge color="gray" data-testid="report-language" data-language={report.language}>
              {t('reports.fields.languageValue', { language: languageName(report.language) })}
            </Badge>
            <StatusBadge status={report.status} />
          </Group>
          <Title order={1} fz={22} dir="auto" data-testid="report-title">
            {report.title}
          </Title>
          <Text fz="sm" c="dimmed">
            {[
              localNameText(report.body, locale, report.body.code),
              report.review ? localTitleText(report.review, locale, report.review.code) : null,
              report.dueDate ? t('reports.fields.dueOn', { date: fmt.date(report.dueDate) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
        <Stack gap="sm" align="stretch" miw={300}>
          <WordCountBar words={words} limit={report.wordLimit} />
          <Group gap="xs" wrap="wrap">
            <DownloadButton
              fetchFile={() => reportsApi.docx(report.id, `${report.title}.docx`)}
              icon={<IconFileTypeDocx size={16} />}
              testId="download-docx"
            >
              {t('reports.actions.docx')}
            </DownloadButton>
            {hasAnnex && (
              <DownloadButton
                fetchFile={() => reportsApi.annex(report.id, `${report.title} - annex.xlsx`)}
                icon={<IconFileSpreadsheet size={16} />}
                testId="download-annex"
              >
                {t('reports.actions.annex')}
              </DownloadButton>
            )}
            {canEdit && (
              <>
                <Button variant="default" size="sm" leftSection={<IconPencil size={16} />} onClick={onDetails} data-testid="edit-details">
                  {t('reports.actions.details')}
                </Button>
                <Tooltip label={t('reports.finalise.already')} disabled={report.status !== 'finalised'} withArrow multiline w={260}>
                  <Button size="sm" leftSection={<IconLock size={16} />} onClick={onFinalise} disabled={report.status === 'finalised'} data-testid="finalise">
                    {t('reports.actions.finalise')}
                  </Button>
                </Tooltip>
              </>
            )}
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

/** The sections, in order: each edited on its own; the word count of the whole report follows the typing. */
function Sections({
  report,
  etag,
  canEdit,
  onLive,
}: {
  report: ReportDetail;
  etag: string;
  canEdit: boolean;
  onLive: (sectionId: string, words: number, dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const changed = useReportChanged(report.id);
  const { mutate: reorder, isPending: moving, error: reorderError } = useUpdateReport(report.id);
  const language = report.language as Locale;
  const dir = directionOf(language);
  const ids = useMemo(() => report.sections.map((s) => s.id), [report.sections]);
  const onMove = useCallback(
    (sectionId: string, delta: -1 | 1) => {
      const order = moveSection(ids, sectionId, delta);
      if (order) reorder({ patch: { sectionOrder: order }, etag });
    },
    [ids, etag, reorder],
  );
  return (
    <Stack gap="md" data-testid="report-sections">
      <StaleNotice error={reorderError} />
      {!StaleNotice.handles(reorderError) && <ReportError error={reorderError} />}
      {report.sections.length === 0 && (
        <Text c="dimmed" fz="sm">
          {t('reports.section.none')}
        </Text>
      )}
      {report.sections.map((s, i) => (
        <MountWhenNear
          key={s.id}
          eager={i < EAGER_SECTIONS}
          placeholder={
            <Card className={classes.sectionPlaceholder} data-testid="report-section-placeholder" data-section-id={s.id}>
              <Title order={2} fz="md" lang={language} dir={dir}>
                {i + 1}. {s.heading}
              </Title>
            </Card>
          }
        >
          <SectionEditor
            reportId={report.id}
            section={s}
            index={i}
            count={report.sections.length}
            language={language}
            dir={dir}
            canEdit={canEdit}
            onLive={onLive}
            onChanged={changed}
            onMove={onMove}
            moving={moving}
          />
        </MountWhenNear>
      ))}
    </Stack>
  );
}

/**
 * A report to the UN: its header (type, language, status, the live word count against the limit, the
 * downloads and finalising), its sections, its finalised versions and its history.
 */
export function ReportEditor({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const query = useReport(id);
  const [live, setLive] = useState<ReadonlyMap<string, Live>>(new Map());
  const [finalising, setFinalising] = useState(false);
  const [details, setDetails] = useState(false);
  const [finalised, setFinalised] = useState<FinalisedReport | null>(null);
  const tabParam = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : 'sections';
  const setTab = (next: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (!next || next === 'sections') n.delete('tab');
        else n.set('tab', next);
        return n;
      },
      { replace: true },
    );

  const onLive = useCallback((sectionId: string, words: number, dirty: boolean) => {
    setLive((prev) => {
      const was = prev.get(sectionId);
      if (was && was.words === words && was.dirty === dirty) return prev;
      const next = new Map(prev);
      next.set(sectionId, { words, dirty });
      return next;
    });
  }, []);

  const sections = query.data?.data.sections;
  const words = useMemo(
    () => (sections ? liveDocumentWords(sections, new Map([...live].map(([k, v]) => [k, v.words]))) : 0),
    [sections, live],
  );
  const unsaved = sections ? sections.filter((s) => live.get(s.id)?.dirty).length : 0;

  // Leaving the page (closing the tab, reloading) with unsaved sections asks first.
  useEffect(() => {
    if (unsaved === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  if (query.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (query.isError) {
    const notFound = isApiError(query.error) && query.error.status === 404;
    return notFound ? (
      <Alert color="gray" data-testid="report-not-found">
        {t('reports.editor.notFound')}
      </Alert>
    ) : (
      <ReportError error={query.error} />
    );
  }
  const { data: report, etag } = query.data;
  const canEdit = can(Permission.ReportGenerate);

  return (
    <Stack gap="md" data-testid="report-editor" data-report-id={report.id} data-status={report.status}>
      <ReportHeader report={report} words={words} canEdit={canEdit} onFinalise={() => setFinalising(true)} onDetails={() => setDetails(true)} />
      {finalised && (
        <Alert
          color="teal"
          variant="light"
          icon={<IconCircleCheck />}
          withCloseButton
          onClose={() => setFinalised(null)}
          data-testid="finalised-notice"
          title={t('reports.finalise.done', { number: finalised.number })}
        >
          <Text fz="sm">{t('reports.finalise.doneHelp')}</Text>
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted>
        <Tabs.List>
          <Tabs.Tab value="sections" leftSection={<IconStack2 size={16} />} data-testid="tab-sections">
            {t('reports.tabs.sections', { number: report.sections.length })}
          </Tabs.Tab>
          <Tabs.Tab value="versions" leftSection={<IconVersions size={16} />} data-testid="tab-versions">
            {t('reports.tabs.versions', { number: report.versionCount })}
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />} data-testid="tab-history">
            {t('reports.tabs.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sections" pt="md">
          <Sections report={report} etag={etag} canEdit={canEdit} onLive={onLive} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          {tab === 'versions' && <VersionsPanel reportId={report.id} title={report.title} />}
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          {tab === 'history' && <HistoryPanel reportId={report.id} sections={new Map(report.sections.map((s) => [s.id, s.heading]))} />}
        </Tabs.Panel>
      </Tabs>
      {canEdit && (
        <FinaliseDialog
          reportId={report.id}
          etag={etag}
          words={words}
          limit={report.wordLimit}
          unsaved={unsaved}
          opened={finalising}
          onClose={() => setFinalising(false)}
          onFinalised={(v) => {
            setFinalising(false);
            setFinalised(v);
          }}
        />
      )}
      {canEdit && details && <ReportDetailsDialog report={report} etag={etag} opened onClose={() => setDetails(false)} />}
    </Stack>
  );
}
