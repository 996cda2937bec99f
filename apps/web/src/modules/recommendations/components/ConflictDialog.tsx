import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import type { Conflict } from '../hooks/use-recommendation-editor';
import { useFieldLabel, useValueFormatter } from '../hooks/use-value-formatter';
import classes from './recommendations.module.css';

interface Props {
  conflict: Conflict | null;
  onReload: () => void;
  onReapply: () => void;
  onClose: () => void;
  busy?: boolean;
}

/**
 * Shown after a 412: someone saved the recommendation since this form was opened. Says who and when,
 * lists the fields where their saved value differs from mine, and lets me either take their version or
 * send mine again on top of it.
 */
export function ConflictDialog({ conflict, onReload, onReapply, onClose, busy }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const fieldLabel = useFieldLabel();
  const formatValue = useValueFormatter();
  const last = conflict?.lastChange;

  return (
    <Modal
      opened={conflict !== null}
      onClose={onClose}
      title={t('conflict.title')}
      size="xl"
      centered
      data-testid="conflict-dialog"
    >
      {conflict && (
        <Stack gap="md">
          <Alert color="yellow" icon={<IconGitMerge />} variant="light">
            {last ? (
              <Text fz="sm" data-testid="conflict-who">
                {t('conflict.changedBy', {
                  name: last.actorName,
                  role: t(`roles.${last.actorRole}`, { defaultValue: last.actorRole }),
                  date: fmt.dateTime(last.occurredAt),
                })}
              </Text>
            ) : (
              <Text fz="sm">{t('conflict.changedByUnknown')}</Text>
            )}
          </Alert>
          {conflict.fields.length > 0 ? (
            <>
              <Text fz="sm">{t('conflict.fieldsIntro')}</Text>
              <Table layout="fixed" withTableBorder verticalSpacing="xs" data-testid="conflict-fields">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="20%">{t('history.field')}</Table.Th>
                    <Table.Th>{t('conflict.theirs')}</Table.Th>
                    <Table.Th>{t('conflict.mine')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {conflict.fields.map((c) => (
                    <Table.Tr key={c.field} data-testid={`conflict-field-${c.field}`}>
                      <Table.Td fz="sm" fw={500}>
                        {fieldLabel(c.field)}
                      </Table.Td>
                      <Table.Td>
                        <Text span fz="sm" dir="auto" className={classes.before}>
                          {formatValue(c.field, c.theirs)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text span fz="sm" dir="auto" className={classes.after}>
                          {formatValue(c.field, c.mine)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          ) : (
            <Text fz="sm">{t('conflict.noOverlap')}</Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onReload} disabled={busy} data-testid="conflict-reload">
              {t('conflict.reload')}
            </Button>
            <Button onClick={onReapply} loading={busy} data-testid="conflict-reapply">
              {t('conflict.reapply')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
