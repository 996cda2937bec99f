import { Anchor, Card, Loader, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { reportTypeName } from '@sidh/domain';
import { useFormat, useLanguageName, useLocale } from '../../../app/locale';
import { reportPath } from '../../../app/routes';
import { localNameText } from '../../recommendations/utils/labels';
import { useReports } from '../hooks/use-reports';
import { ReportError } from './ReportError';
import { StatusBadge } from './StatusBadge';
import { WordCountBar } from './WordCountBar';

/** Every report, most recently changed first: title, type, body, due date, words against the limit, status, versions. */
export function ReportList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locale } = useLocale();
  const languageName = useLanguageName();
  const query = useReports();
  if (query.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (query.isError) return <ReportError error={query.error} />;
  if (query.data.items.length === 0) {
    return (
      <Card>
        <Text c="dimmed" fz="sm" ta="center" py="lg" data-testid="reports-empty">
          {t('reports.list.empty')}
        </Text>
      </Card>
    );
  }
  return (
    <Card padding={0}>
      <Table.ScrollContainer minWidth={960}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="report-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.fields.title')}</Table.Th>
              <Table.Th>{t('reports.fields.type')}</Table.Th>
              <Table.Th>{t('reports.fields.body')}</Table.Th>
              <Table.Th>{t('reports.fields.dueDate')}</Table.Th>
              <Table.Th w={200}>{t('reports.fields.words')}</Table.Th>
              <Table.Th w={110}>{t('reports.fields.status')}</Table.Th>
              <Table.Th ta="end">{t('reports.fields.versions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.items.map((r) => (
              <Table.Tr key={r.id} data-testid="report-row" data-report-id={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={reportPath(r.id)} fw={600} fz="sm" dir="auto" data-testid="report-link">
                    {r.title}
                  </Anchor>
                  <Text fz="xs" c="dimmed">
                    {t('reports.fields.languageValue', { language: languageName(r.language) })}
                  </Text>
                </Table.Td>
                <Table.Td fz="sm">{reportTypeName(r.type, locale)}</Table.Td>
                <Table.Td fz="sm">{localNameText(r.body, locale, r.body.code)}</Table.Td>
                <Table.Td fz="sm">{r.dueDate ? fmt.date(r.dueDate) : t('common.none')}</Table.Td>
                <Table.Td>
                  <WordCountBar words={r.words} limit={r.wordLimit} compact testId="row-words" />
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
                <Table.Td ta="end" fz="sm" data-testid="row-versions">
                  {fmt.number(r.versionCount)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
