import type { ReactNode } from 'react';
import { Button, Drawer, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormAlert } from './form-errors';

/** The shell of every reference-data form: the drawer, the form, its error and the cancel / save buttons. */
export function ReferenceFormDrawer({
  opened,
  onClose,
  title,
  save,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  save: { mutate: (v: undefined) => void; error: unknown; isPending: boolean };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
        <Stack gap="sm">
          {children}
          <FormAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('referenceAdmin.actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="reference-save">
              {t('referenceAdmin.actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
