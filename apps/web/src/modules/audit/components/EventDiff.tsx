import { Alert, Badge, Code, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat, useLocale } from '../../../app/locale';
import { useAuditEvent } from '../hooks/use-audit';
import { isLongText } from '../utils/word-diff';
import { AuditValue } from './AuditValue';
import { WordDiff } from './WordDiff';

/** One event field by field: who, when, which field, before → after, with the request id. */
export function EventDiff({ id }: { id: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locale } = useLocale();
  const event = useAuditEvent(id);
  if (event.isPending) return <Skeleton h={120} aria-busy="true" aria-label={t('common.loading')} />;
  if (event.isError) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title={t('auditWorkspace.event.error')}>
        <ErrorMessage error={event.error} />
      </Alert>
    );
  }
  const e = event.data;
  const institution = e.actorInstitution ? ({ ar: e.actorInstitution.nameAr, fr: e.actorInstitution.nameFr, en: e.actorInstitution.nameEn }[locale] ?? e.actorInstitution.nameFr) : null;
  const long = e.fields.filter((f) => f.kind === 'change' && isLongText(f.before, f.after));
  return (
    <Stack gap="md" data-testid="event-diff">
      <Table variant="vertical" layout="fixed" withTableBorder fz="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={140}>{t('auditWorkspace.event.who')}</Table.Th>
            <Table.Td>
              <Group gap={6}>
                <Text fz="sm">{e.actorName ?? t('auditWorkspace.log.system')}</Text>
                {e.actorRole && (
                  <Badge variant="light" color="gray" size="sm">
                    {t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}
                  </Badge>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
          {institution && (
            <Table.Tr>
              <Table.Th>{t('auditWorkspace.event.institution')}</Table.Th>
              <Table.Td>{institution}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>{t('auditWorkspace.event.when')}</Table.Th>
            <Table.Td>{fmt.dateTime(e.occurredAt)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Td>{t(`actions.${e.action}`, { defaultValue: e.action })}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('auditWorkspace.event.record')}</Table.Th>
            <Table.Td>
              {t(`auditWorkspace.entityTypes.${e.entityType}`, { defaultValue: e.entityType })}{' '}
              {e.entityId && (
                <Code dir="ltr" fz="xs">
                  {e.entityId}
                </Code>
              )}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('auditWorkspace.event.requestId')}</Table.Th>
            <Table.Td>
              <Code dir="ltr" fz="xs" data-testid="event-request-id">
                {e.requestId ?? '—'}
              </Code>
            </Table.Td>
          </Table.Tr>
          {e.ip && (
            <Table.Tr>
              <Table.Th>{t('auditWorkspace.event.ip')}</Table.Th>
              <Table.Td>
                <Code dir="ltr" fz="xs">
                  {e.ip}
                </Code>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>

      {e.fields.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('auditWorkspace.event.noFields')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table withTableBorder verticalSpacing="xs" fz="sm" data-testid="event-fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('auditWorkspace.event.field')}</Table.Th>
                <Table.Th>{t('auditWorkspace.event.before')}</Table.Th>
                <Table.Th>{t('auditWorkspace.event.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.fields.map((f) =>
                f.kind === 'change' && isLongText(f.before, f.after) ? (
                  <Table.Tr key={f.field}>
                    <Table.Td>{t(`fields.${f.field}`, { defaultValue: f.field })}</Table.Td>
                    <Table.Td colSpan={2}>
                      <WordDiff field={f.field} before={f.before as string} after={f.after as string} />
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  <Table.Tr key={f.field}>
                    <Table.Td>
                      {t(`fields.${f.field}`, { defaultValue: f.field })}
                      {f.kind !== 'change' && (
                        <Badge ms={6} size="xs" variant="light" color={f.kind === 'initial' ? 'blue' : 'gray'}>
                          {t(`auditWorkspace.event.${f.kind}`)}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{f.kind === 'change' ? <AuditValue field={f.field} value={f.before} /> : '—'}</Table.Td>
                    <Table.Td>
                      <AuditValue field={f.field} value={f.after} />
                    </Table.Td>
                  </Table.Tr>
                ),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {long.length > 0 && (
        <Text fz="xs" c="dimmed">
          {t('auditWorkspace.event.legend')}
        </Text>
      )}
      <Text fz="xs" c="dimmed">
        {t('audit.hash')}: <Code dir="ltr" fz="xs">{e.hash}</Code>
      </Text>
    </Stack>
  );
}
