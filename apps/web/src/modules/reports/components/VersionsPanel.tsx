import { useState } from 'react';
import { Alert, Badge, Button, Card, FileButton, Group, Loader, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconDownload, IconFileSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import { reportsApi } from '../api';
import { useReportVersions } from '../hooks/use-reports';
import type { ReportVersion } from '../types';
import { verifyFile } from '../utils/verify';
import { DownloadButton } from './DownloadButton';
import { ReportError } from './ReportError';
import classes from './reports.module.css';

type Verification = { fileName: string; sha256: string; version: ReportVersion | null } | { fileName: string; error: true };

/**
 * "Is this the file that was sent?": the auditor picks a .docx; its SHA-256 is computed here (WebCrypto,
 * the file never leaves the browser) and compared with the hash recorded for each finalised version.
 */
function VerifyFile({ versions }: { versions: readonly ReportVersion[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Verification | null>(null);
  const pick = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    try {
      const { sha256, version } = await verifyFile(file, versions);
      setResult({ fileName: file.name, sha256, version });
    } catch {
      setResult({ fileName: file.name, error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card data-testid="verify-file">
      <Stack gap="sm">
        <Title order={3} fz="sm">
          {t('reports.verify.title')}
        </Title>
        <Text fz="sm" c="dimmed">
          {t('reports.verify.help')}
        </Text>
        <FileButton onChange={(f) => void pick(f)} accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document">
          {(props) => (
            <Button {...props} variant="default" leftSection={<IconFileSearch size={16} />} loading={busy} w="fit-content" data-testid="verify-pick">
              {t('reports.verify.pick')}
            </Button>
          )}
        </FileButton>
        {result &&
          ('error' in result ? (
            <Alert color="red" variant="light" data-testid="verify-result" data-match="error">
              {t('reports.verify.unreadable', { file: result.fileName })}
            </Alert>
          ) : result.version ? (
            <Alert color="teal" variant="light" icon={<IconCircleCheck />} data-testid="verify-result" data-match={result.version.number}>
              <Text fz="sm" fw={600}>
                {t('reports.verify.matches', {
                  file: result.fileName,
                  number: result.version.number,
                  date: fmt.dateTime(result.version.createdAt),
                })}
              </Text>
              <Text className={classes.hash} mt={4}>
                {result.sha256}
              </Text>
            </Alert>
          ) : (
            <Alert color="red" variant="light" icon={<IconCircleX />} data-testid="verify-result" data-match="none">
              <Text fz="sm" fw={600}>
                {t('reports.verify.noMatch', { file: result.fileName })}
              </Text>
              <Text className={classes.hash} mt={4}>
                {result.sha256}
              </Text>
            </Alert>
          ))}
      </Stack>
    </Card>
  );
}

/** The finalised versions of a report: who stored which file when, its words against the limit, its SHA-256. */
export function VersionsPanel({ reportId, title }: { reportId: string; title: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const versions = useReportVersions(reportId);
  if (versions.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (versions.isError) return <ReportError error={versions.error} />;
  const items = versions.data.items;
  return (
    <Stack gap="md" data-testid="versions-panel">
      {items.length === 0 ? (
        <Card>
          <Text c="dimmed" fz="sm" ta="center" py="md" data-testid="versions-empty">
            {t('reports.versions.empty')}
          </Text>
        </Card>
      ) : (
        <Card padding={0}>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" horizontalSpacing="md" striped data-testid="versions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reports.versions.number')}</Table.Th>
                  <Table.Th>{t('reports.versions.date')}</Table.Th>
                  <Table.Th>{t('reports.versions.by')}</Table.Th>
                  <Table.Th>{t('reports.versions.words')}</Table.Th>
                  <Table.Th>{t('reports.versions.overLimit')}</Table.Th>
                  <Table.Th>{t('reports.versions.sha256')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((v) => (
                  <Table.Tr key={v.number} data-testid="version-row" data-number={v.number}>
                    <Table.Td fw={600}>{t('reports.versions.label', { number: v.number })}</Table.Td>
                    <Table.Td fz="sm">{fmt.dateTime(v.createdAt)}</Table.Td>
                    <Table.Td fz="sm">{v.createdBy?.name ?? t('history.unknownUser')}</Table.Td>
                    <Table.Td fz="sm">
                      {v.wordLimit === null
                        ? fmt.number(v.words)
                        : t('reports.words.ofLimitShort', { words: fmt.number(v.words), limit: fmt.number(v.wordLimit) })}
                    </Table.Td>
                    <Table.Td>
                      {v.overLimit ? (
                        <Badge color={v.overLimitConfirmed ? 'orange' : 'red'} data-testid="version-over-limit">
                          {v.overLimitConfirmed ? t('reports.versions.overConfirmed') : t('reports.versions.overUnconfirmed')}
                        </Badge>
                      ) : (
                        <Text fz="sm" c="dimmed">
                          {t('reports.versions.withinLimit')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={260}>
                      <Tooltip label={v.sha256} withArrow multiline w={300}>
                        <Text className={classes.hash} data-testid="version-sha256">
                          {v.sha256}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <DownloadButton
                        fetchFile={() => reportsApi.versionDocx(reportId, v.number, `${title} v${v.number}.docx`)}
                        icon={<IconDownload size={14} />}
                        variant="subtle"
                        size="compact-sm"
                        testId="version-download"
                      >
                        {t('reports.versions.download')}
                      </DownloadButton>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Group align="flex-start">
        <VerifyFile versions={items} />
      </Group>
    </Stack>
  );
}
