import { Badge, Box, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Texts } from '../utils/labels';
import { availableTexts } from '../utils/labels';
import { useLanguageName } from '../../../app/locale';
import classes from './recommendations.module.css';

/** Every available language side by side, each block with its own `lang` and direction. */
export function RecommendationTexts({ rec }: { rec: Texts }) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const texts = availableTexts(rec);
  if (texts.length === 0) {
    return (
      <Text c="dimmed" fs="italic">
        {t('recommendation.noText')}
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: Math.min(texts.length, 3) }} spacing="md">
      {texts.map(({ lang, text }) => (
        <Stack key={lang} gap={6} data-testid={`text-${lang}`}>
          <Badge variant="light" color="gray" w="fit-content">
            {languageName(lang)}
          </Badge>
          <Box className={classes.textPanel} dir={lang === 'ar' ? 'rtl' : 'ltr'}>
            <Text lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'} className={classes.text}>
              {text}
            </Text>
          </Box>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
