import type { ReactNode } from 'react';
import { Box, Card, Center, Group, Stack } from '@mantine/core';
import { Brand } from '../../../app/layout/Brand';
import { LanguageSwitcher } from '../../../app/LanguageSwitcher';
import classes from '../../../pages/pages.module.css';

/** The frame of the pages one reaches signed out (forgotten password, reset): brand, language, one card. */
export function PublicCard({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <Box className={classes.loginBackdrop}>
      <Group component="header" justify="flex-end" p="md">
        <LanguageSwitcher />
      </Group>
      <Center component="main" px="md">
        <Stack w={460} maw="100%" gap="lg">
          <Center>
            <Brand large />
          </Center>
          <Card padding="xl" shadow="sm" withBorder data-testid={testId}>
            <Stack gap="md">{children}</Stack>
          </Card>
        </Stack>
      </Center>
    </Box>
  );
}
