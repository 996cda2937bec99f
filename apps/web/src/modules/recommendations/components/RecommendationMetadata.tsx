import type { ReactNode } from 'react';
import { Badge, DataList, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RecommendationDetail, Ref } from '../../../app/api-types';
import { useFormat, useLocale } from '../../../app/locale';
import { kindOf } from '../utils/kind';
import { localName, localTitle } from '../utils/labels';
import { ResponseBadge, StatusBadge } from './Badges';

function RefList({ refs, showCode }: { refs: Ref[]; showCode?: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (refs.length === 0) return <Text c="dimmed">{t('common.none')}</Text>;
  return (
    <Group gap={6}>
      {refs.map((r) => {
        const name = localName(r, locale);
        return (
          <Badge key={r.code} variant="light" color="petrol" tt="none" fw={500} lang={name?.lang}>
            {showCode && name ? `${r.code} · ${name.text}` : (name?.text ?? r.code)}
          </Badge>
        );
      })}
    </Group>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

export function RecommendationMetadata({ rec }: { rec: RecommendationDetail }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const dash = <Text c="dimmed">{t('common.none')}</Text>;
  const body = localName(rec.body, locale);
  const review = localTitle(rec.review, locale);
  const kind = kindOf(rec);

  return (
    <DataList withDivider labelWidth="12rem" data-testid="metadata">
      <Item label={t('fields.kind')}>
        <Text span data-testid="metadata-kind">
          {t(`kind.${kind}`)}
        </Text>
      </Item>
      {/* A question's symbol is its list of issues' (e.g. CAT/C/MAR/QPR/5). */}
      <Item label={kind === 'question' ? t('kind.listOfIssues') : t('fields.documentSymbol')}>
        <Text dir="ltr" span>
          {rec.documentSymbol}
        </Text>
      </Item>
      <Item label={t('fields.paragraph')}>
        <Text dir="ltr" span>
          {rec.paragraph}
        </Text>
      </Item>
      <Item label={t('fields.externalCode')}>{rec.externalCode ? <Text dir="ltr" span>{rec.externalCode}</Text> : dash}</Item>
      <Item label={t('fields.mechanism')}>{t(`mechanism.${rec.mechanism}`)}</Item>
      <Item label={t('fields.body')}>
        <Text span lang={body?.lang}>
          {rec.body.code}
          {body && body.text !== rec.body.code ? ` — ${body.text}` : ''}
        </Text>
      </Item>
      <Item label={t('fields.review')}>
        {review ? (
          <Text span dir="auto" lang={review.lang}>
            {review.text}
            {rec.review?.year && !review.text.includes(String(rec.review.year)) ? ` (${rec.review.year})` : ''}
          </Text>
        ) : rec.review ? (
          <Text span dir="ltr">
            {rec.review.code}
          </Text>
        ) : (
          dash
        )}
      </Item>
      {kind === 'recommendation' && <Item label={t('fields.response')}>{rec.response ? <ResponseBadge response={rec.response} /> : dash}</Item>}
      <Item label={t('fields.status')}>
        <StatusBadge status={rec.status} />
      </Item>
      <Item label={t('fields.followUp')}>
        {rec.followUp ? (
          <Text span>
            {t('common.yes')}
            {rec.followUpDueDate ? ` — ${t('recommendation.dueOn', { date: fmt.date(rec.followUpDueDate) })}` : ''}
          </Text>
        ) : (
          t('common.no')
        )}
      </Item>
      <Item label={t('fields.recommendingStates')}>
        <RefList refs={rec.recommendingStates} />
      </Item>
      <Item label={t('fields.themes')}>
        <RefList refs={rec.themes} />
      </Item>
      <Item label={t('fields.affectedPersons')}>
        <RefList refs={rec.affectedPersons} />
      </Item>
      <Item label={t('fields.sdgTargets')}>
        <RefList refs={rec.sdgTargets} showCode />
      </Item>
      <Item label={t('fields.axes')}>
        <RefList refs={[...rec.axes, ...rec.subAxes]} showCode />
      </Item>
      <Item label={t('fields.institutions')}>
        {rec.assignments.length === 0 ? (
          dash
        ) : (
          <Group gap={6}>
            {rec.assignments.map((a) => {
              const name = localName(a.institution, locale);
              return (
                <Badge
                  key={a.id}
                  variant={a.role === 'lead' ? 'filled' : 'light'}
                  color={a.role === 'lead' ? 'petrol' : 'gray'}
                  tt="none"
                  fw={500}
                  lang={name?.lang}
                >
                  {name?.text ?? a.institution.code} · {t(`assignmentRole.${a.role}`)}
                  {a.dueDate ? ` · ${fmt.date(a.dueDate)}` : ''}
                </Badge>
              );
            })}
          </Group>
        )}
      </Item>
      <Item label={t('fields.updatedAt')}>{fmt.dateTime(rec.updatedAt)}</Item>
      <Item label={t('fields.createdAt')}>{fmt.dateTime(rec.createdAt)}</Item>
    </DataList>
  );
}
