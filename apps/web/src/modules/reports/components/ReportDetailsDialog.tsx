import { useState } from 'react';
import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { DateField } from '../../../app/DateField';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../../app/api-client';
import { useUpdateReport } from '../hooks/use-reports';
import type { ReportDetail, UpdateReport } from '../types';
import { ReportError } from './ReportError';
import { StaleNotice } from './StaleNotice';

/** Title, due date and word limit of a report (PATCH with If-Match of the report). */
export function ReportDetailsDialog({ report, etag, opened, onClose }: { report: ReportDetail; etag: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateReport(report.id);
  const [title, setTitle] = useState(report.title);
  const [dueDate, setDueDate] = useState(report.dueDate ?? '');
  const [limit, setLimit] = useState<string | number>(report.wordLimit ?? '');
  const fields = fieldErrorsOf(update.error) ?? {};
  const fieldError = (f: string) => (fields[f] ? t(fields[f]!, { defaultValue: t('validation.invalid') }) : undefined);
  const limitValue = limit === '' ? null : Number(limit);
  const limitOk = limitValue === null || (Number.isInteger(limitValue) && limitValue > 0);

  const submit = () => {
    const patch: UpdateReport = {};
    if (title.trim() !== report.title) patch.title = title.trim();
    if ((dueDate || null) !== report.dueDate) patch.dueDate = dueDate || null;
    if (limitValue !== report.wordLimit) patch.wordLimit = limitValue;
    if (Object.keys(patch).length === 0) return onClose();
    update.mutate({ patch, etag }, { onSuccess: onClose });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('reports.details.title')} size="md" centered data-testid="details-dialog">
      <Stack gap="md">
        <TextInput
          label={t('reports.fields.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          maxLength={300}
          error={fieldError('title')}
          data-testid="details-title"
        />
        <DateField
          label={t('reports.fields.dueDate')}
          value={dueDate}
          onChange={setDueDate}
          error={fieldError('dueDate')}
          data-testid="details-due-date"
        />
        <NumberInput
          label={t('reports.fields.wordLimit')}
          description={t('reports.wizard.limitHelp')}
          value={limit}
          onChange={setLimit}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=" "
          error={fieldError('wordLimit') ?? (limitOk ? undefined : t('reports.wizard.limitPositive'))}
          data-testid="details-word-limit"
        />
        <StaleNotice error={update.error} />
        {!StaleNotice.handles(update.error) && !fieldErrorsOf(update.error) && <ReportError error={update.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={update.isPending} disabled={!title.trim() || !limitOk} data-testid="details-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
