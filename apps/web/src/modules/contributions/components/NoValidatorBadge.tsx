import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The institution has no active validator: the coordinator reviews and validates its contributions in one step. */
export function NoValidatorBadge() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('workflow.reviewer.noValidatorHelp')} multiline w={280} withArrow>
      <Badge color="yellow" variant="light" size="sm" ms={6} tabIndex={0} data-testid="no-validator">
        {t('workflow.reviewer.noValidator')}
      </Badge>
    </Tooltip>
  );
}
