import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Loader, Select, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_ROLES, Permission, type AssignmentRole } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat, useLocale } from '../../../app/locale';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useInstitutions } from '../../recommendations/hooks/use-reference';
import type { Assignment } from '../../../app/api-types';
import { institutionName } from '../../reporting/utils/labels';
import { useAssignments, useCreateAssignment, useRemoveAssignment, useUpdateAssignment } from '../hooks/use-assignments';
import { DateField } from '../../../app/DateField';

function Row({ a, manage, recommendationId }: { a: Assignment; manage: boolean; recommendationId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<AssignmentRole>(a.role);
  const [dueDate, setDueDate] = useState(a.dueDate ?? '');
  const save = useUpdateAssignment(a, recommendationId);
  const remove = useRemoveAssignment(a, recommendationId);
  return (
    <Table.Tr data-testid="assignment-row" data-code={a.institution.code}>
      <Table.Td fz="sm" fw={500}>
        {institutionName(a.institution, locale)}
        <ReportingError error={save.error ?? remove.error} />
      </Table.Td>
      <Table.Td>
        {editing ? (
          <Select
            size="xs"
            value={role}
            onChange={(v) => v && setRole(v as AssignmentRole)}
            data={ASSIGNMENT_ROLES.map((r) => ({ value: r, label: t(`assignmentRole.${r}`) }))}
            allowDeselect={false}
            aria-label={t('reporting.assignments.role')}
          />
        ) : (
          // Never cut the label ("Contributor" was cut to "Contribu…" in English): the badge takes its text's width.
          <Badge variant={a.role === 'lead' ? 'filled' : 'light'} color="petrol" size="sm" miw="max-content" styles={{ label: { overflow: 'visible' } }}>
            {t(`assignmentRole.${a.role}`)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td fz="sm">
        {editing ? (
          <DateField size="xs" value={dueDate} onChange={setDueDate} aria-label={t('reporting.assignments.dueDate')} w={150} />
        ) : a.dueDate ? (
          fmt.date(a.dueDate)
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td fz="sm">{fmt.number(a.contributionCount)}</Table.Td>
      {manage && (
        <Table.Td>
          <Group gap={4} wrap="nowrap" justify="flex-end">
            {editing ? (
              <>
                <Tooltip label={t('common.save')} withArrow>
                  <ActionIcon variant="subtle" onClick={() => save.mutate({ role, dueDate: dueDate || null }, { onSuccess: () => setEditing(false) })} loading={save.isPending} aria-label={t('common.save')}>
                    <IconDeviceFloppy size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('common.cancel')} withArrow>
                  <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(false)} aria-label={t('common.cancel')}>
                    <IconX size={16} />
                  </ActionIcon>
                </Tooltip>
              </>
            ) : (
              <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
            <Tooltip label={a.contributionCount > 0 ? t('reporting.assignments.cannotRemove') : t('reporting.assignments.remove')} withArrow>
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={() => remove.mutate()}
                disabled={a.contributionCount > 0}
                loading={remove.isPending}
                aria-label={t('reporting.assignments.remove')}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** The institutions a recommendation is assigned to; the coordinator adds, changes and removes them. */
export function RecommendationAssignments({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { can } = useAuth();
  const manage = can(Permission.AssignmentManage);
  const institutions = useInstitutions();
  const q = useAssignments(recommendationId);
  const [institutionId, setInstitutionId] = useState<string | null>(null);
  const [role, setRole] = useState<AssignmentRole>('lead');
  const [dueDate, setDueDate] = useState('');
  const add = useCreateAssignment(recommendationId);
  const addInstitution = () =>
    add.mutate(
      { recommendationId, institutionId: institutionId!, role, dueDate: dueDate || null },
      {
        onSuccess: () => {
          setInstitutionId(null);
          setDueDate('');
        },
      },
    );
  if (q.isPending) return <Loader size="xs" aria-label={t('common.loading')} />;
  if (q.isError) return <ReportingError error={q.error} />;
  const assigned = new Set(q.data.items.map((a) => a.institution.id));
  return (
    <Stack gap="sm" data-testid="assignments">
      {q.data.items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('reporting.assignments.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reporting.assignments.institution')}</Table.Th>
                <Table.Th>{t('reporting.assignments.role')}</Table.Th>
                <Table.Th>{t('reporting.assignments.dueDate')}</Table.Th>
                <Table.Th>{t('reporting.assignments.contributions')}</Table.Th>
                {manage && (
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((a) => (
                <Row key={`${a.id}-${a.version}`} a={a} manage={manage} recommendationId={recommendationId} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {manage && (
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('reporting.assignments.addInstitution')}
            data={(institutions.data ?? [])
              .filter((i) => !assigned.has(i.id))
              .map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }))}
            value={institutionId}
            onChange={setInstitutionId}
            searchable
            w={320}
            nothingFoundMessage={t('reporting.scope.noResult')}
            data-testid="assign-institution"
          />
          <Select
            label={t('reporting.assignments.role')}
            value={role}
            onChange={(v) => v && setRole(v as AssignmentRole)}
            data={ASSIGNMENT_ROLES.map((r) => ({ value: r, label: t(`assignmentRole.${r}`) }))}
            allowDeselect={false}
            w={150}
          />
          <DateField label={t('reporting.assignments.dueDate')} value={dueDate} onChange={setDueDate} w={170} />
          <Button leftSection={<IconPlus size={16} />} onClick={addInstitution} disabled={!institutionId} loading={add.isPending} data-testid="assign-add">
            {t('reporting.assignments.add')}
          </Button>
        </Group>
      )}
      <ReportingError error={add.error} />
    </Stack>
  );
}
