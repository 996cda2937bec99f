import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import type { EditorConflict } from '../hooks/use-contribution-editor';
import type { ContentField } from '../utils/content';
import type { Indicator } from '../../reporting/types';

function show(field: ContentField, v: unknown, t: TFunction): string {
  if (v === null || v === undefined || v === '') return t('reporting.conflict.empty');
  if (field === 'implementationStatus') return t(`status.${String(v)}`);
  if (field === 'indicators') {
    const rows = v as Indicator[];
    return rows.length === 0 ? t('reporting.conflict.empty') : rows.map((r) => `${r.name}${r.value !== null ? ` = ${r.value}` : ''}`).join(' · ');
  }
  const s = String(v);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

/** After a 412 on autosave: who saved, when, the fields where their version and mine differ; reload or reapply. */
export function ContributionConflictDialog({
  conflict,
  onReload,
  onReapply,
}: {
  conflict: EditorConflict | null;
  onReload: () => void;
  onReapply: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const last = conflict?.lastChange;
  return (
    <Modal
      opened={conflict !== null}
      onClose={onReload}
      closeOnClickOutside={false}
      withCloseButton={false}
      title={t('reporting.conflict.title')}
      size="xl"
      centered
      data-testid="contribution-conflict"
    >
      {conflict && (
        <Stack gap="md">
          <Alert color="yellow" icon={<IconGitMerge />} variant="light">
            <Text fz="sm" data-testid="conflict-who">
              {last?.actorName
                ? t('reporting.conflict.changedBy', {
                    name: last.actorName,
                    role: last.actorRole ? t(`roles.${last.actorRole}`, { defaultValue: last.actorRole }) : '—',
                    date: fmt.dateTime(last.occurredAt),
                  })
                : t('reporting.conflict.changedByUnknown')}
            </Text>
          </Alert>
          {conflict.fields.length > 0 ? (
            <Table layout="fixed" withTableBorder verticalSpacing="xs" data-testid="conflict-fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="22%">{t('reporting.conflict.field')}</Table.Th>
                  <Table.Th>{t('reporting.conflict.theirs')}</Table.Th>
                  <Table.Th>{t('reporting.conflict.mine')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {conflict.fields.map((c) => (
                  <Table.Tr key={c.field} data-testid={`conflict-field-${c.field}`}>
                    <Table.Td fz="sm" fw={500}>
                      {t(`reporting.fields.${c.field}`)}
                    </Table.Td>
                    <Table.Td fz="sm" dir="auto" style={{ whiteSpace: 'pre-line' }}>
                      {show(c.field, c.theirs, t)}
                    </Table.Td>
                    <Table.Td fz="sm" dir="auto" style={{ whiteSpace: 'pre-line' }}>
                      {show(c.field, c.mine, t)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text fz="sm">{t('reporting.conflict.noOverlap')}</Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onReload} data-testid="conflict-reload">
              {t('reporting.conflict.reload')}
            </Button>
            <Button onClick={onReapply} data-testid="conflict-reapply">
              {t('reporting.conflict.reapply')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
