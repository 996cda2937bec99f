import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconCheck, IconUsersGroup } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_ROLES, Permission, type AssignmentRole } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat, useLocale } from '../../../app/locale';
import { useRecommendationCount } from '../../recommendations/hooks/use-recommendation-search';
import { FilterSummary } from '../../reporting/components/FilterSummary';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useInstitutions } from '../../recommendations/hooks/use-reference';
import { filterFromParams, paramsFromFilter } from '../../reporting/utils/filters';
import { institutionName } from '../../reporting/utils/labels';
import { useBulkAssign } from '../hooks/use-assignments';
import { DateField } from '../../../app/DateField';

/** "Assign the filtered list": every recommendation the list's filters match, to one institution. */
export function BulkAssignButton() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [opened, setOpened] = useState(false);
  if (!can(Permission.AssignmentManage)) return null;
  return (
    <>
      <Button variant="light" leftSection={<IconUsersGroup size={16} />} onClick={() => setOpened(true)} data-testid="bulk-assign">
        {t('reporting.bulkAssign.button')}
      </Button>
      {opened && <BulkAssignDialog onClose={() => setOpened(false)} />}
    </>
  );
}

function BulkAssignDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [params] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const institutions = useInstitutions();
  const [institutionId, setInstitutionId] = useState<string | null>(null);
  const [role, setRole] = useState<AssignmentRole>('lead');
  const [dueDate, setDueDate] = useState('');
  const count = useRecommendationCount(paramsFromFilter(filter));
  const assign = useBulkAssign();
  const total = count.data?.total ?? 0;

  return (
    <Modal opened onClose={onClose} title={t('reporting.bulkAssign.title')} size="lg" centered data-testid="bulk-assign-dialog">
      <Stack gap="md">
        <Stack gap={6}>
          <Text fz="sm" fw={600}>
            {t('reporting.bulkAssign.scope')}
          </Text>
          <FilterSummary filter={filter} />
          <Text fz="sm" c="dimmed" data-testid="bulk-count">
            {count.data ? t('reporting.scope.matching', { count: total, formatted: fmt.number(total) }) : t('common.loading')}
          </Text>
        </Stack>
        {assign.data ? (
          <Alert color="teal" icon={<IconCheck />} data-testid="bulk-result">
            {t('reporting.bulkAssign.result', {
              created: fmt.number(assign.data.created),
              skipped: fmt.number(assign.data.skipped),
            })}
          </Alert>
        ) : (
          <>
            <Select
              label={t('reporting.assignments.institution')}
              data={(institutions.data ?? []).map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }))}
              value={institutionId}
              onChange={setInstitutionId}
              searchable
              required
              nothingFoundMessage={t('reporting.scope.noResult')}
              data-testid="bulk-institution"
            />
            <Group grow align="flex-start">
              <Stack gap={4}>
                <Text fz="sm" fw={500}>
                  {t('reporting.assignments.role')}
                </Text>
                <SegmentedControl
                  value={role}
                  onChange={(v) => setRole(v as AssignmentRole)}
                  data={ASSIGNMENT_ROLES.map((r) => ({ value: r, label: t(`assignmentRole.${r}`) }))}
                />
              </Stack>
              <DateField label={t('reporting.assignments.dueDate')} value={dueDate} onChange={setDueDate} />
            </Group>
            {total > 1000 && (
              <Alert color="yellow" variant="light">
                {t('reporting.bulkAssign.large', { formatted: fmt.number(total) })}
              </Alert>
            )}
          </>
        )}
        <ReportingError error={assign.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {assign.data ? t('reporting.common.close') : t('common.cancel')}
          </Button>
          {!assign.data && (
            <Button onClick={() => assign.mutate({ filter, institutionId: institutionId!, role, dueDate: dueDate || null })} disabled={!institutionId || total === 0} loading={assign.isPending} data-testid="bulk-confirm">
              {t('reporting.bulkAssign.confirm', { count: total, formatted: fmt.number(total) })}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
