import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportStatus } from '@sidh/domain';

export function StatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'finalised' ? 'teal' : 'yellow'} data-testid="report-status" data-status={status}>
      {t(`reports.status.${status}`)}
    </Badge>
  );
}
