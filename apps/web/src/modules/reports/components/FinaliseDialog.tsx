import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { wordLimitState } from '@sidh/domain';
import { isApiError } from '../../../app/api-client';
import { useFormat } from '../../../app/locale';
import { useFinaliseReport } from '../hooks/use-reports';
import type { FinalisedReport } from '../types';
import { ReportError } from './ReportError';
import { StaleNotice } from './StaleNotice';
import { WordCountBar } from './WordCountBar';

/**
 * Finalising stores the report's Word file as its next version (SHA-256 recorded). Over the word limit,
 * the coordinator must tick "I confirm sending a report over the limit" (sent as `confirmOverLimit`).
 * Sections with unsaved changes must be saved first: what is finalised is what the server holds.
 */
export function FinaliseDialog({
  reportId,
  etag,
  words,
  limit,
  unsaved,
  opened,
  onClose,
  onFinalised,
}: {
  reportId: string;
  etag: string;
  words: number;
  limit: number | null;
  unsaved: number;
  opened: boolean;
  onClose: () => void;
  onFinalised: (version: FinalisedReport) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [confirmed, setConfirmed] = useState(false);
  const finalise = useFinaliseReport(reportId);
  // The server may count more than this page (someone else's edit): its 422 asks for the confirmation too.
  const refusedOver = isApiError(finalise.error) && finalise.error.code === 'report.over_limit_unconfirmed';
  const over = wordLimitState(words, limit) === 'over' || refusedOver;
  const close = () => {
    finalise.reset();
    setConfirmed(false);
    onClose();
  };
  const submit = () =>
    finalise.mutate(
      { confirmOverLimit: over && confirmed, etag },
      {
        onSuccess: (version) => {
          setConfirmed(false);
          finalise.reset();
          onFinalised(version);
        },
      },
    );

  return (
    <Modal opened={opened} onClose={close} title={t('reports.finalise.title')} size="lg" centered data-testid="finalise-dialog">
      <Stack gap="md">
        <Text fz="sm">{t('reports.finalise.intro')}</Text>
        <WordCountBar words={words} limit={limit} testId="finalise-words" />
        {unsaved > 0 && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle />} data-testid="finalise-unsaved">
            {t('reports.finalise.unsaved', { count: unsaved, formatted: fmt.number(unsaved) })}
          </Alert>
        )}
        {over && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle />}>
            <Stack gap="xs">
              <Text fz="sm">{t('reports.finalise.overLimit')}</Text>
              <Checkbox
                checked={confirmed}
                onChange={(e) => setConfirmed(e.currentTarget.checked)}
                label={t('reports.finalise.confirmOverLimit')}
                required
                data-testid="confirm-over-limit"
              />
            </Stack>
          </Alert>
        )}
        <StaleNotice error={finalise.error} />
        {!refusedOver && !StaleNotice.handles(finalise.error) && <ReportError error={finalise.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            leftSection={<IconLock size={16} />}
            onClick={submit}
            loading={finalise.isPending}
            disabled={unsaved > 0 || (over && !confirmed)}
            data-testid="finalise-confirm"
          >
            {t('reports.finalise.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
