import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContributionStatus } from '@sidh/domain';

export const CONTRIBUTION_STATUS_COLOR: Record<ContributionStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  approved: 'indigo',
  validated: 'teal',
  returned: 'orange',
};

export function ContributionStatusBadge({ status }: { status: ContributionStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={CONTRIBUTION_STATUS_COLOR[status]} variant="light" data-testid="contribution-status" data-status={status}>
      {t(`reporting.contributionStatus.${status}`)}
    </Badge>
  );
}
