import { useState } from 'react';
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconHistory, IconInfoCircle, IconPencil } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasCitation, Permission, recordName } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useLocale } from '../../../app/locale';
import { RoutePath } from '../../../app/routes';
import { useRecommendation } from '../hooks/use-recommendation';
import { isolated, localName, localTitle } from '../utils/labels';
import { kindOf } from '../utils/kind';
import { FollowUpBadge, KindBadge, MechanismBadge, ResponseBadge, StatusBadge } from './Badges';
import { EditRecommendationForm } from './EditRecommendationForm';
import { HistoryTimeline } from './HistoryTimeline';
import { RecommendationMetadata } from './RecommendationMetadata';
import { RecommendationTexts } from './RecommendationTexts';

type TabValue = 'details' | 'history';

export function RecommendationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { can } = useAuth();
  const query = useRecommendation(id);
  const [params, setParams] = useSearchParams();
  const tab: TabValue = params.get('tab') === 'history' ? 'history' : 'details';
  const [editing, setEditing] = useState(false);
  const [savedNotice, setSavedNotice] = useState(false);
  const canEdit = can(Permission.RecommendationUpdate);

  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to={RoutePath.Recommendations} fz="sm">
        {t('nav.recommendations')}
      </Anchor>
      <Text fz="sm" c="dimmed" dir={query.data && !hasCitation(query.data.data) ? 'auto' : 'ltr'}>
        {query.data ? recordName(query.data.data, locale, 6) : '…'}
      </Text>
    </Breadcrumbs>
  );

  if (query.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label={t('common.loading')}>
        {crumbs}
        <Skeleton h={28} w="40%" />
        <Skeleton h={16} w="60%" />
        <Card>
          <Skeleton h={12} mb={8} />
          <Skeleton h={12} mb={8} />
          <Skeleton h={12} w="70%" />
        </Card>
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <Stack gap="md">
        {crumbs}
        <Alert
          color={query.error && 'status' in query.error && query.error.status === 404 ? 'gray' : 'red'}
          icon={<IconAlertTriangle />}
          title={t('recommendation.loadError')}
        >
          <ErrorMessage error={query.error} />
        </Alert>
      </Stack>
    );
  }

  const rec = query.data.data;
  const kind = kindOf(rec);
  const body = localName(rec.body, locale);
  const review = localTitle(rec.review, locale);

  return (
    <Stack gap="lg">
      {crumbs}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={6}>
          <Title order={1} fz={26} data-testid="recommendation-title">
            {/* A record created by hand may have no reference yet: its opening words name it, not a dash. */}
            <bdi dir={hasCitation(rec) ? 'ltr' : 'auto'}>{recordName(rec, locale, 12)}</bdi>
          </Title>
          {kind === 'question' && (
            <Text fw={600} c="grape.8" data-testid="question-of">
              {rec.documentSymbol ? t('kind.questionOf', { symbol: isolated(rec.documentSymbol) }) : t('kind.question')}
            </Text>
          )}
          <Group gap={8}>
            <KindBadge kind={kind} />
            <MechanismBadge mechanism={rec.mechanism} />
            {rec.mechanism !== 'UPR' && (
              <Text c="dimmed" fz="sm" lang={body?.lang}>
                {body?.text ?? rec.body.code}
              </Text>
            )}
            {rec.review && (
              <Text c="dimmed" fz="sm" dir="auto" lang={review?.lang} data-testid="review-title">
                · {review?.text ?? rec.review.code}
              </Text>
            )}
            <ResponseBadge response={rec.response} />
            <StatusBadge status={rec.status} />
            {rec.followUp && <FollowUpBadge />}
          </Group>
        </Stack>
        {canEdit && !editing && (
          <Button
            leftSection={<IconPencil size={16} />}
            onClick={() => {
              setSavedNotice(false);
              setEditing(true);
            }}
            data-testid="edit-button"
          >
            {t('common.edit')}
          </Button>
        )}
      </Group>

      {savedNotice && (
        <Alert color="teal" icon={<IconCheck />} withCloseButton onClose={() => setSavedNotice(false)} data-testid="saved-notice">
          {t('edit.saved')}
        </Alert>
      )}

      {editing && canEdit ? (
        <EditRecommendationForm
          key={rec.id}
          loaded={query.data}
          onDone={(saved) => {
            setEditing(false);
            setSavedNotice(saved !== null);
          }}
        />
      ) : (
        <Tabs
          value={tab}
          onChange={(v) =>
            setParams(
              (p) => {
                const next = new URLSearchParams(p);
                if (v === 'history') next.set('tab', 'history');
                else next.delete('tab');
                return next;
              },
              { replace: true },
            )
          }
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="details" leftSection={<IconInfoCircle size={16} />} data-testid="tab-details">
              {t('recommendation.tabs.details')}
            </Tabs.Tab>
            <Tabs.Tab value="history" leftSection={<IconHistory size={16} />} data-testid="tab-history">
              {t('recommendation.tabs.history')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="details">
            <Stack gap="lg">
              <Card>
                <Title order={2} fz="md" mb="md">
                  {t('recommendation.texts')}
                </Title>
                <RecommendationTexts rec={rec} />
              </Card>
              <Card>
                <Title order={2} fz="md" mb="md">
                  {t('recommendation.metadata')}
                </Title>
                <RecommendationMetadata rec={rec} />
              </Card>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <Card>
              <HistoryTimeline recommendationId={rec.id} />
            </Card>
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
