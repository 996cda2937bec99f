import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RecommendationSummary } from '../../../app/api-types';
import { useLanguageName, useLocale } from '../../../app/locale';
import { recommendationPath } from '../../../app/routes';
import { citationOf, localName, localTitle, pickText } from '../utils/labels';
import { kindOf } from '../utils/kind';
import { FollowUpBadge, KindBadge, MechanismBadge, ResponseBadge, StatusBadge } from './Badges';
import { Highlighted } from './Highlighted';
import classes from './recommendations.module.css';

export function ResultCard({ item, query }: { item: RecommendationSummary; query: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const languageName = useLanguageName();
  const text = pickText(item, locale);
  const body = localName(item.body, locale);
  const review = localTitle(item.review, locale);
  return (
    <Card component="article" className={classes.result} data-testid="result" padding="md">
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Anchor
            component={Link}
            to={recommendationPath(item.id)}
            fw={650}
            className={classes.citation}
            dir="ltr"
            data-testid="result-citation"
          >
            {citationOf(item)}
          </Anchor>
          <Group gap={6} wrap="nowrap">
            {item.followUp && <FollowUpBadge />}
            <StatusBadge status={item.status} />
          </Group>
        </Group>
        <Group gap={8} c="dimmed" fz="sm">
          <KindBadge kind={kindOf(item)} />
          <MechanismBadge mechanism={item.mechanism} />
          {item.mechanism !== 'UPR' && (
            <Text fz="sm" c="dimmed" lang={body?.lang}>
              {body?.text ?? item.body.code}
            </Text>
          )}
          {item.review && (
            <Text fz="sm" c="dimmed" dir="auto" lang={review?.lang} data-testid="review-title">
              · {review?.text ?? item.review.code}
            </Text>
          )}
          <ResponseBadge response={item.response} />
          {item.externalCode && (
            <Badge variant="default" fw={500} dir="ltr">
              {item.externalCode}
            </Badge>
          )}
        </Group>
        {text ? (
          <Text dir="auto" lang={text.lang} className={classes.text} data-testid="result-text" lineClamp={6}>
            <Highlighted text={text.text} query={query} />
          </Text>
        ) : (
          <Text c="dimmed" fs="italic">
            {t('recommendation.noText')}
          </Text>
        )}
        {text && text.lang !== locale && (
          <Text fz="xs" c="dimmed">
            {t('recommendation.shownIn', { language: languageName(text.lang) })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
