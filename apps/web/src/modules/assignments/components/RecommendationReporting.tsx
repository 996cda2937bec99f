import { Card, Grid, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { ContributionTimeline } from './ContributionTimeline';
import { ConsolidatedStatus } from './ConsolidatedStatus';
import { RecommendationAssignments } from './RecommendationAssignments';

/** The reporting side of a recommendation page: assignments, consolidated status, contributions. */
export function RecommendationReporting({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  if (!can(Permission.AssignmentRead) && !can(Permission.ContributionRead)) return null;
  return (
    <Grid gap="lg" mt="lg" data-testid="recommendation-reporting">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        {can(Permission.AssignmentRead) && (
          <Card mb="lg">
            <Title order={2} fz="md" mb="md">
              {t('reporting.assignments.heading')}
            </Title>
            <RecommendationAssignments recommendationId={recommendationId} />
          </Card>
        )}
        {can(Permission.RecommendationUpdate) && (
          <Card>
            <Title order={2} fz="md" mb="md">
              {t('reporting.consolidated.heading')}
            </Title>
            <ConsolidatedStatus recommendationId={recommendationId} />
          </Card>
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        {can(Permission.ContributionRead) && (
          <Card>
            <Title order={2} fz="md" mb="md">
              {t('reporting.timeline.heading')}
            </Title>
            <ContributionTimeline recommendationId={recommendationId} />
          </Card>
        )}
      </Grid.Col>
    </Grid>
  );
}
