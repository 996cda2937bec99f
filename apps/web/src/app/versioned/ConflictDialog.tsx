import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LastChange } from '../api-types';
import { useFormat } from '../locale';
import type { FieldConflict } from './use-versioned-editor';

interface Props<F extends string> {
  conflict: { lastChange: LastChange | null; fields: FieldConflict<F>[] } | null;
  /**
   * Where the feature's texts are in the catalogs (`conflict`, `reporting.conflict`): `title`, `changedBy`,
   * `changedByUnknown`, `field`, `theirs`, `mine`, `noOverlap`, `reload`, `reapply`, and `fieldsIntro` if any.
   */
  messages: string;
  fieldLabel: (field: F) => string;
  /** A value of a field, theirs or mine, as shown in the table. */
  formatValue: (field: F, value: unknown, side: 'theirs' | 'mine') => ReactNode;
  onReload: () => void;
  onReapply: () => void;
  /** Given: the dialog may be closed without choosing. Otherwise it must be answered (Escape reloads). */
  onClose?: () => void;
  busy?: boolean;
  testId?: string;
}

/**
 * Shown after a 412: someone saved the resource since it was opened here. Says who and when, lists the
 * fields where their saved value differs from mine, and lets me either take their version or send mine
 * again on top of it.
 */
export function ConflictDialog<F extends string>({
  conflict,
  messages,
  fieldLabel,
  formatValue,
  onReload,
  onReapply,
  onClose,
  busy,
  testId = 'conflict-dialog',
}: Props<F>) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const last = conflict?.lastChange;
  const closable = onClose !== undefined;

  return (
    <Modal
      opened={conflict !== null}
      onClose={onClose ?? onReload}
      closeOnClickOutside={closable}
      withCloseButton={closable}
      title={t(`${messages}.title`)}
      size="xl"
      centered
      data-testid={testId}
    >
      {conflict && (
        <Stack gap="md">
          <Alert color="yellow" icon={<IconGitMerge />} variant="light">
            <Text fz="sm" data-testid="conflict-who">
              {last
                ? t(`${messages}.changedBy`, {
                    name: last.actorName ?? t('conflict.someone'),
                    role: last.actorRole ? t(`roles.${last.actorRole}`, { defaultValue: last.actorRole }) : '—',
                    date: fmt.dateTime(last.occurredAt),
                  })
                : t(`${messages}.changedByUnknown`)}
            </Text>
          </Alert>
          {conflict.fields.length > 0 ? (
            <>
              {i18n.exists(`${messages}.fieldsIntro`) && <Text fz="sm">{t(`${messages}.fieldsIntro`)}</Text>}
              <Table layout="fixed" withTableBorder verticalSpacing="xs" data-testid="conflict-fields">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="22%">{t(`${messages}.field`)}</Table.Th>
                    <Table.Th>{t(`${messages}.theirs`)}</Table.Th>
                    <Table.Th>{t(`${messages}.mine`)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {conflict.fields.map((c) => (
                    <Table.Tr key={c.field} data-testid={`conflict-field-${c.field}`}>
                      <Table.Td fz="sm" fw={500}>
                        {fieldLabel(c.field)}
                      </Table.Td>
                      <Table.Td fz="sm" dir="auto" style={{ whiteSpace: 'pre-line' }}>
                        {formatValue(c.field, c.theirs, 'theirs')}
                      </Table.Td>
                      <Table.Td fz="sm" dir="auto" style={{ whiteSpace: 'pre-line' }}>
                        {formatValue(c.field, c.mine, 'mine')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          ) : (
            <Text fz="sm">{t(`${messages}.noOverlap`)}</Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onReload} disabled={busy} data-testid="conflict-reload">
              {t(`${messages}.reload`)}
            </Button>
            <Button onClick={onReapply} loading={busy} data-testid="conflict-reapply">
              {t(`${messages}.reapply`)}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
