import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  EmptyState,
  Group,
  Pagination,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconListDetails, IconSignature, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat } from '../../../app/locale';
import { recommendationPath } from '../../../app/routes';
import type { AuditVerification } from '../../../app/api-types';
import { AUDIT_PAGE_SIZE, useAuditEvents, useCreateCheckpoint, useLatestCheckpoint, useVerifyAudit } from '../hooks/use-audit';

/**
 * The newest signed checkpoint (stored outside the database) and, once the chain has been
 * verified, whether the chain still carries the hash it signed.
 */
function CheckpointSection({ result }: { result: AuditVerification | undefined }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const latest = useLatestCheckpoint();
  const create = useCreateCheckpoint();
  const checkpoint = latest.data;
  return (
    <Stack gap="xs" mt="md" data-testid="audit-checkpoint">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Stack gap={2} maw={560}>
          <Title order={3} fz="sm">
            {t('audit.checkpointTitle')}
          </Title>
          <Text fz="sm" c="dimmed">
            {t('audit.checkpointHint')}
          </Text>
        </Stack>
        {can(Permission.AuditAnchor) && (
          <Button
            variant="light"
            leftSection={<IconSignature size={18} />}
            onClick={() => create.mutate()}
            loading={create.isPending}
            data-testid="create-checkpoint"
          >
            {t('audit.checkpointCreate')}
          </Button>
        )}
      </Group>
      {latest.isPending && <Skeleton h={18} />}
      {latest.isError && (
        <Alert color="red" icon={<IconAlertTriangle />}>
          <ErrorMessage error={latest.error} />
        </Alert>
      )}
      {latest.isSuccess && !checkpoint && (
        <Text fz="sm" c="dimmed">
          {t('audit.checkpointNone')}
        </Text>
      )}
      {checkpoint && (
        <Group gap="sm" wrap="wrap">
          <Text fz="sm">{checkpoint.createdAt ? fmt.dateTime(checkpoint.createdAt) : '—'}</Text>
          <Text fz="sm">{t('audit.checkpointSeq', { seq: checkpoint.seq ?? '?' })}</Text>
          {checkpoint.headHash && (
            <Tooltip label={checkpoint.headHash} withArrow>
              <Code dir="ltr">{checkpoint.headHash.slice(0, 12)}…</Code>
            </Tooltip>
          )}
          <Badge variant="light" color={checkpoint.signatureValid ? 'teal' : 'red'} data-testid="checkpoint-signature">
            {checkpoint.signatureValid ? t('audit.signatureValid') : t('audit.signatureInvalid')}
          </Badge>
        </Group>
      )}
      {result && result.matchesCheckpoint !== null && (
        <Alert
          color={result.matchesCheckpoint ? 'teal' : 'red'}
          icon={result.matchesCheckpoint ? <IconShieldCheck /> : <IconShieldX />}
          title={result.matchesCheckpoint ? t('audit.checkpointMatches') : t('audit.checkpointMismatch')}
          data-testid="checkpoint-match"
        >
          {result.matchesCheckpoint ? t('audit.checkpointMatchesDetail', { seq: result.checkpoint?.seq ?? '?' }) : t('audit.checkpointMismatchDetail')}
        </Alert>
      )}
      {create.isSuccess && (
        <Text fz="sm" c="teal" role="status">
          {t('audit.checkpointCreated')}
        </Text>
      )}
      {create.isError && (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('audit.checkpointError')}>
          <ErrorMessage error={create.error} />
        </Alert>
      )}
    </Stack>
  );
}

function VerifyPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const verify = useVerifyAudit();
  const result = verify.data;
  return (
    <Card>
      <Group justify="space-between" wrap="wrap" gap="md">
        <Stack gap={2} maw={560}>
          <Title order={2} fz="md">
            {t('audit.verifyTitle')}
          </Title>
          <Text fz="sm" c="dimmed">
            {t('audit.verifyHint')}
          </Text>
        </Stack>
        <Button
          leftSection={<IconShieldCheck size={18} />}
          onClick={() => verify.mutate()}
          loading={verify.isPending}
          data-testid="verify-chain"
        >
          {t('audit.verify')}
        </Button>
      </Group>
      {result && (
        <Alert
          mt="md"
          color={result.intact ? 'teal' : 'red'}
          icon={result.intact ? <IconShieldCheck /> : <IconShieldX />}
          title={result.intact ? t('audit.intact') : t('audit.broken')}
          data-testid="verify-result"
        >
          {result.intact
            ? t('audit.intactDetail', { count: result.eventsChecked, formatted: fmt.number(result.eventsChecked) })
            : t('audit.brokenDetail', {
                count: result.eventsChecked,
                formatted: fmt.number(result.eventsChecked),
                id: result.firstBrokenEventId ?? '?',
              })}
        </Alert>
      )}
      {verify.isError && (
        <Alert mt="md" color="red" icon={<IconAlertTriangle />} title={t('audit.verifyError')}>
          <ErrorMessage error={verify.error} />
        </Alert>
      )}
      <CheckpointSection result={result} />
    </Card>
  );
}

export function AuditLog() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const events = useAuditEvents(page);
  const data = events.data;
  const totalPages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || AUDIT_PAGE_SIZE))) : 1;

  return (
    <Stack gap="lg">
      {can(Permission.AuditVerify) && <VerifyPanel />}
      <Card padding={0}>
        <Group justify="space-between" p="md">
          <Title order={2} fz="md">
            {t('audit.events')}
          </Title>
          {data && (
            <Text fz="sm" c="dimmed">
              {t('audit.total', { count: data.total, formatted: fmt.number(data.total) })}
            </Text>
          )}
        </Group>
        {events.isPending && (
          <Stack p="md" gap="xs" aria-busy="true" aria-label={t('common.loading')}>
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} h={18} />
            ))}
          </Stack>
        )}
        {events.isError && (
          <Alert m="md" color="red" icon={<IconAlertTriangle />} title={t('audit.error')}>
            <ErrorMessage error={events.error} />
          </Alert>
        )}
        {data && data.items.length === 0 && (
          <EmptyState p="xl" icon={<IconListDetails size={28} />} withIndicatorBackground title={t('audit.empty')} />
        )}
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.when')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.entity')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.changes')}</Table.Th>
                  <Table.Th>{t('audit.hash')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((ev) => {
                  const fields = Object.keys(ev.changes ?? {});
                  return (
                    <Table.Tr key={ev.id}>
                      <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                        {fmt.dateTime(ev.occurredAt)}
                      </Table.Td>
                      <Table.Td fz="sm">{t(`actions.${ev.action}`, { defaultValue: ev.action })}</Table.Td>
                      <Table.Td fz="sm">
                        {ev.entityType === 'recommendation' && ev.entityId ? (
                          <Anchor component={Link} to={`${recommendationPath(ev.entityId)}?tab=history`} fz="sm">
                            {t('audit.entityTypes.recommendation')}
                          </Anchor>
                        ) : (
                          t(`audit.entityTypes.${ev.entityType}`, { defaultValue: ev.entityType })
                        )}
                      </Table.Td>
                      <Table.Td fz="sm">
                        {ev.actorRole ? (
                          <Group gap={6} wrap="nowrap">
                            {ev.actorName && <Text fz="sm">{ev.actorName}</Text>}
                            <Badge variant="light" color="gray" size="sm">
                              {t(`roles.${ev.actorRole}`, { defaultValue: ev.actorRole })}
                            </Badge>
                          </Group>
                        ) : (
                          <Text fz="sm" c="dimmed">
                            {t('history.system')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td fz="sm">
                        {fields.length ? t('audit.fieldsChanged', { count: fields.length, formatted: fmt.number(fields.length) }) : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={ev.hash} withArrow>
                          <Code dir="ltr">{ev.hash.slice(0, 12)}…</Code>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {data && totalPages > 1 && (
          <Group justify="center" p="md">
            <Pagination
              total={totalPages}
              value={Math.min(page, totalPages)}
              onChange={(p) => setParams({ page: String(p) })}
              withEdges
              getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
            />
          </Group>
        )}
      </Card>
    </Stack>
  );
}
