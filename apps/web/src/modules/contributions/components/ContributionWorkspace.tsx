import { Alert, Anchor, Badge, Breadcrumbs, Card, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canEditContribution, EDITABLE_CONTRIBUTION_STATUSES } from '@sidh/domain';
import type { Comment, ContributionDetail } from '../../../app/api-types';
import { useAuth } from '../../../app/auth';
import { useFormat, useLocale } from '../../../app/locale';
import { campaignPath, recommendationPath, RoutePath } from '../../../app/routes';
import { pickText } from '../../recommendations/utils/labels';
import { StatusBadge } from '../../recommendations/components/Badges';
import { ContributionStatusBadge } from '../../reporting/components/ContributionStatusBadge';
import { ReportingError } from '../../reporting/components/ReportingError';
import { citationOf, daysUntil, institutionName } from '../../reporting/utils/labels';
import { useComments, useContribution, useRefreshContribution, type LoadedContribution } from '../hooks/use-contribution';
import { CommentThread } from './CommentThread';
import { ContributionActions } from './ContributionActions';
import { ContributionEditor } from './ContributionEditor';
import { EvidencePanel } from './EvidencePanel';
import { IndicatorsTable } from './IndicatorsEditor';
import { Markdown } from './Markdown';
import classes from './contributions.module.css';

/** The last return comment, while the contribution has not been submitted again since. */
export function pendingReturn(comments: Comment[] | undefined): Comment | null {
  const workflow = (comments ?? []).filter((c) => c.action);
  const last = workflow[workflow.length - 1];
  return last && last.action === 'return' ? last : null;
}

function Header({ c }: { c: ContributionDetail }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const text = pickText(c.recommendation, locale);
  const days = daysUntil(c.campaign.deadline);
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Title order={1} fz={24} data-testid="contribution-title">
              <Anchor component={Link} to={recommendationPath(c.recommendation.id)} inherit>
                <bdi dir="ltr">{citationOf(c.recommendation, locale)}</bdi>
              </Anchor>
            </Title>
            <Text fz="sm" c="dimmed">
              {institutionName(c.institution, locale)} · {t(`assignmentRole.${c.assignment.role}`)}
            </Text>
          </Stack>
          <Group gap="xs">
            {c.recommendation.kind === 'question' && (
              <Badge variant="light" color="grape" data-testid="item-kind">
                {t('kind.question')}
              </Badge>
            )}
            <ContributionStatusBadge status={c.status} />
            {c.implementationStatus && <StatusBadge status={c.implementationStatus} />}
          </Group>
        </Group>
        {text && (
          <Text fz="sm" lang={text.lang} dir={text.lang === 'ar' ? 'rtl' : 'ltr'} className={classes.recText} lineClamp={6}>
            {text.text}
          </Text>
        )}
        <Group gap="lg" wrap="wrap">
          <Text fz="sm">
            <Text span c="dimmed" fz="sm">
              {t('reporting.contribution.campaign')}{' '}
            </Text>
            <Anchor component={Link} to={campaignPath(c.campaign.id)} fz="sm" dir="auto">
              {c.campaign.title}
            </Anchor>
          </Text>
          <Text fz="sm" data-testid="contribution-deadline">
            <Text span c="dimmed" fz="sm">
              {t('reporting.contribution.deadline')}{' '}
            </Text>
            {fmt.date(c.campaign.deadline)}
            {c.overdue ? (
              <Text span c="red" fw={600} fz="sm">
                {' '}
                · {t('reporting.contribution.overdue')}
              </Text>
            ) : (
              EDITABLE_CONTRIBUTION_STATUSES.includes(c.status) &&
              days >= 0 && (
                <Text span c="dimmed" fz="sm">
                  {' '}
                  · {t('reporting.contribution.daysLeft', { count: days })}
                </Text>
              )
            )}
          </Text>
          {c.updatedBy && (
            <Text fz="sm" c="dimmed">
              {t('reporting.contribution.lastSaved', { name: c.updatedBy.name, date: fmt.dateTime(c.updatedAt) })}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function ReadOnlyContent({ loaded }: { loaded: LoadedContribution }) {
  const { t } = useTranslation();
  const c = loaded.data;
  const refresh = useRefreshContribution(c.id);
  const section = (title: string, body: string, testId: string) => (
    <Stack gap={4}>
      <Text fz="sm" fw={600}>
        {title}
      </Text>
      {body.trim() ? <Markdown testId={testId}>{body}</Markdown> : <Text fz="sm" c="dimmed">{t('common.notSet')}</Text>}
    </Stack>
  );
  return (
    <Stack gap="lg" data-testid="contribution-view">
      <Card>
        <Stack gap="md">
          <Group gap="xs">
            <Text fz="sm" fw={600}>
              {t('reporting.fields.implementationStatus')}
            </Text>
            <StatusBadge status={c.implementationStatus} />
          </Group>
          {section(t('reporting.fields.measures'), c.measures, 'view-measures')}
          {section(t('reporting.fields.challenges'), c.challenges, 'view-challenges')}
          {section(t('reporting.fields.nextSteps'), c.nextSteps, 'view-nextSteps')}
        </Stack>
      </Card>
      <Card>
        <Title order={2} fz="md" mb="md">
          {t('reporting.fields.indicators')}
        </Title>
        <IndicatorsTable rows={c.indicators} />
      </Card>
      <Card>
        <Title order={2} fz="md" mb="md">
          {t('reporting.evidence.heading')}
        </Title>
        <EvidencePanel
          contributionId={c.id}
          items={c.evidence}
          editable={false}
          onChanged={refresh}
        />
      </Card>
    </Stack>
  );
}

/** One contribution: the editor for its focal point while it is theirs, otherwise the content, the steps and the thread. */
export function ContributionWorkspace({ id, autosaveDelayMs }: { id: string; autosaveDelayMs?: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user } = useAuth();
  const { locale } = useLocale();
  const query = useContribution(id);
  const comments = useComments(id);

  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to={user?.role === 'focal_point' ? RoutePath.MyWork : RoutePath.Campaigns} fz="sm">
        {user?.role === 'focal_point' ? t('reporting.nav.myWork') : t('reporting.nav.campaigns')}
      </Anchor>
      <Text fz="sm" c="dimmed" dir="ltr">
        {query.data ? citationOf(query.data.data.recommendation, locale) : '…'}
      </Text>
    </Breadcrumbs>
  );

  if (query.isPending) {
    return (
      <Stack gap="md" aria-busy="true">
        {crumbs}
        <Skeleton h={120} />
        <Skeleton h={320} />
      </Stack>
    );
  }
  if (query.isError || !user) {
    return (
      <Stack gap="md">
        {crumbs}
        <ReportingError error={query.error} title={t('reporting.contribution.loadError')} />
      </Stack>
    );
  }

  const c = query.data.data;
  // The server says whether this user may edit it now; the shared rule says whether the role edits content.
  const editable = c.canEdit && canEditContribution(c.status, user.role);
  const returned = pendingReturn(comments.data?.items);

  return (
    <Stack gap="lg">
      {crumbs}
      <Header c={c} />
      {returned && c.status !== 'validated' && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconArrowBackUp className={classes.flip} />}
          title={t('reporting.contribution.returnedBy', { name: returned.author?.name ?? '—', date: fmt.dateTime(returned.createdAt) })}
          className={classes.returned}
          data-testid="returned-comment"
        >
          <Text fz="sm" dir="auto" style={{ whiteSpace: 'pre-line' }}>
            {returned.body}
          </Text>
        </Alert>
      )}
      {c.status === 'validated' && (
        <Alert color="teal" variant="light" icon={<IconLock />} data-testid="validated-notice">
          {t('reporting.contribution.locked', { date: c.validatedAt ? fmt.dateTime(c.validatedAt) : '' })}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {editable ? (
            <ContributionEditor key={c.id} loaded={query.data} role={user.role} delayMs={autosaveDelayMs} />
          ) : (
            <Stack gap="lg">
              <ReadOnlyContent loaded={query.data} />
              <ContributionActionsCard loaded={query.data} />
            </Stack>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card className={classes.sticky}>
            <Title order={2} fz="md" mb="md">
              {t('reporting.comments.heading')}
            </Title>
            <CommentThread contributionId={c.id} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ContributionActionsCard({ loaded }: { loaded: LoadedContribution }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user) return null;
  return (
    <Card>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text fz="sm" c="dimmed" maw={520}>
          {loaded.data.status === 'submitted' && loaded.data.reviewer === 'coordinator'
            ? t('workflow.reviewer.submittedToCoordinator')
            : t(`reporting.contribution.help.${loaded.data.status}`)}
        </Text>
        <ContributionActions loaded={loaded} role={user.role} />
      </Group>
    </Card>
  );
}
