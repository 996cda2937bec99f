import { Alert, Badge, Button, Group, Loader, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { institutionName } from '../../reporting/utils/labels';
import { useSectionRefresh } from '../hooks/use-reports';
import { ReportError } from './ReportError';
import { ReportPreview } from './ReportPreview';

const STATUS_COLORS = { new: 'teal', updated: 'blue', removed: 'gray' } as const;

/**
 * "Refresh from contributions": the section's text drawn again from the validated contributions of its
 * items, beside the contributions that changed since the text was drawn. Apply puts the proposed text in
 * the editor (saving stays the user's decision).
 */
export function RefreshDialog({
  reportId,
  sectionId,
  language,
  dir,
  opened,
  onClose,
  onApply,
}: {
  reportId: string;
  sectionId: string;
  language: Locale;
  dir: 'rtl' | 'ltr';
  opened: boolean;
  onClose: () => void;
  onApply: (proposed: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locale } = useLocale();
  const refresh = useSectionRefresh(reportId, sectionId, opened);
  const data = refresh.data;
  const same = data !== undefined && data.proposed === data.current;

  return (
    <Modal opened={opened} onClose={onClose} title={t('reports.refresh.title')} size="90rem" data-testid="refresh-dialog">
      {refresh.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <ReportError error={refresh.error} />
      {data && (
        <Stack gap="md">
          {data.changed.length === 0 ? (
            <Text fz="sm" c="dimmed" data-testid="refresh-no-change">
              {t('reports.refresh.noSourceChange')}
            </Text>
          ) : (
            <Stack gap={6}>
              <Title order={3} fz="sm">
                {t('reports.refresh.changed', { count: data.changed.length, formatted: fmt.number(data.changed.length) })}
              </Title>
              <Table withTableBorder verticalSpacing={6} data-testid="refresh-changes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('reports.refresh.institution')}</Table.Th>
                    <Table.Th>{t('reports.refresh.validatedAt')}</Table.Th>
                    <Table.Th>{t('reports.refresh.change')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.changed.map((c) => (
                    <Table.Tr key={c.contributionId} data-testid="refresh-change" data-status={c.status}>
                      <Table.Td fz="sm">{institutionName(c.institution, locale)}</Table.Td>
                      <Table.Td fz="sm">{c.validatedAt ? fmt.dateTime(c.validatedAt) : t('common.none')}</Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[c.status]}>{t(`reports.refresh.status.${c.status}`)}</Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          )}
          {same ? (
            <Alert color="gray" variant="light" data-testid="refresh-same">
              {t('reports.refresh.same')}
            </Alert>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Stack gap={4}>
                <Text fz="sm" fw={600}>
                  {t('reports.refresh.current')}
                </Text>
                <ReportPreview source={data.current} language={language} dir={dir} empty={t('reports.section.emptyPreview')} />
              </Stack>
              <Stack gap={4}>
                <Text fz="sm" fw={600}>
                  {t('reports.refresh.proposed')}
                </Text>
                <ReportPreview source={data.proposed} language={language} dir={dir} empty={t('reports.section.emptyPreview')} testId="refresh-proposed" />
              </Stack>
            </SimpleGrid>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              leftSection={<IconRefresh size={16} />}
              disabled={same}
              onClick={() => {
                onApply(data.proposed);
                onClose();
              }}
              data-testid="refresh-apply"
            >
              {t('reports.refresh.apply')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
