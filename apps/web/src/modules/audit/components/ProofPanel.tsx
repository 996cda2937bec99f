import { Alert, Badge, Button, Card, Code, Group, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconFileZip, IconSignature, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat } from '../../../app/locale';
import type { AuditVerification } from '../../../app/api-types';
import { useCreateCheckpoint, useExportBundle, useLatestCheckpoint, useVerifyAudit } from '../hooks/use-audit';
import classes from './audit.module.css';

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

/** Verification on the server: every hash, link and MAC recomputed, and the chain against the newest signed checkpoint. */
export function VerifyPanel() {
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


/**
 * The proof outside the application: the whole trail, its signed checkpoints and the public key in
 * one .tar.gz, and how to check it on one's own machine (tools/audit-verify-export.mjs).
 */
function BundlePanel() {
  const { t } = useTranslation();
  const bundle = useExportBundle();
  return (
    <Card>
      <Group justify="space-between" wrap="wrap" gap="md">
        <Stack gap={2} maw={640}>
          <Title order={2} fz="md">
            {t('auditWorkspace.proof.title')}
          </Title>
          <Text fz="sm" c="dimmed">
            {t('auditWorkspace.proof.hint')}
          </Text>
        </Stack>
        <Button leftSection={<IconFileZip size={18} />} onClick={() => bundle.mutate()} loading={bundle.isPending} data-testid="export-bundle">
          {t('auditWorkspace.proof.download')}
        </Button>
      </Group>
      <Text fz="sm" mt="md">
        {t('auditWorkspace.proof.howTo')}
      </Text>
      <Code block mt={4} className={classes.command} dir="ltr">
        npm run audit:verify-export -- sidh-audit-….tar.gz
      </Code>
      <Text fz="xs" c="dimmed" mt="xs">
        {t('auditWorkspace.proof.macNote')}
      </Text>
      {bundle.isSuccess && (
        <Text fz="sm" c="teal" role="status" mt="xs">
          {t('auditWorkspace.proof.downloaded')}
        </Text>
      )}
      {bundle.isError && (
        <Alert mt="md" color="red" icon={<IconAlertTriangle />} title={t('auditWorkspace.proof.error')}>
          <ErrorMessage error={bundle.error} />
        </Alert>
      )}
    </Card>
  );
}

/** Verification on the server (hashes, links, MACs, the last checkpoint) and the offline proof bundle. */
export function ProofPanel() {
  const { can } = useAuth();
  return (
    <Stack gap="lg">
      {can(Permission.AuditVerify) && <BundlePanel />}
      {can(Permission.AuditVerify) && <VerifyPanel />}
    </Stack>
  );
}
