import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EDITABLE_CONTRIBUTION_STATUSES } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { contributionPath } from '../../../app/routes';
import { pickText } from '../../recommendations/utils/labels';
import { ContributionStatusBadge } from '../../reporting/components/ContributionStatusBadge';
import type { ContributionSummary } from '../../../app/api-types';
import { NoValidatorBadge } from './NoValidatorBadge';
import { citationOf, daysUntil, institutionName } from '../../reporting/utils/labels';

interface Props {
  items: ContributionSummary[];
  showInstitution?: boolean;
  testId?: string;
  /** Extra content under the recommendation (the return comment in "My work"). */
  extra?: (c: ContributionSummary) => React.ReactNode;
}

/** Contributions as a table: recommendation, campaign, deadline, status; the citation opens it. */
export function ContributionTable({ items, showInstitution = false, testId = 'contribution-table', extra }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" highlightOnHover data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="40%">{t('reporting.table.recommendation')}</Table.Th>
            {showInstitution && <Table.Th>{t('reporting.table.institution')}</Table.Th>}
            <Table.Th>{t('reporting.table.campaign')}</Table.Th>
            <Table.Th>{t('reporting.table.deadline')}</Table.Th>
            <Table.Th>{t('reporting.table.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => {
            const text = pickText(c.recommendation, locale);
            const days = daysUntil(c.campaign.deadline);
            return (
              <Table.Tr key={c.id} data-testid="contribution-row" data-id={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={contributionPath(c.id)} fw={600} fz="sm" data-testid="contribution-link">
                    <bdi dir="ltr">{citationOf(c.recommendation, locale)}</bdi>
                  </Anchor>
                  {text && (
                    <Text fz="xs" c="dimmed" lineClamp={2} lang={text.lang} dir={text.lang === 'ar' ? 'rtl' : 'ltr'}>
                      {text.text}
                    </Text>
                  )}
                  {extra?.(c)}
                </Table.Td>
                {showInstitution && (
                  <Table.Td fz="sm">
                    {institutionName(c.institution, locale)}
                  </Table.Td>
                )}
                <Table.Td fz="sm" dir="auto">
                  {c.campaign.title}
                </Table.Td>
                <Table.Td fz="sm">
                  <Text fz="sm">{fmt.date(c.campaign.deadline)}</Text>
                  {c.overdue ? (
                    <Badge color="red" variant="light" size="sm">
                      {t('reporting.contribution.overdue')}
                    </Badge>
                  ) : (
                    EDITABLE_CONTRIBUTION_STATUSES.includes(c.status) &&
                    days >= 0 && (
                      <Text fz="xs" c={days <= 7 ? 'orange' : 'dimmed'}>
                        {t('reporting.contribution.daysLeft', { count: days })}
                      </Text>
                    )
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <ContributionStatusBadge status={c.status} />
                    {c.status === 'submitted' && c.reviewer === 'coordinator' && <NoValidatorBadge />}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
