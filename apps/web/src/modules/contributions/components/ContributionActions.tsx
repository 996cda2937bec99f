import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconChecks, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { actionsRequiringComment, availableContributionActions, type ContributionAction, type ContributionStatus, type Role } from '@sidh/domain';
import { etagOf } from '../../../app/api';
import { reportingApi, reportingKeys } from '../../reporting/api';
import { ReportingError } from '../../reporting/components/ReportingError';
import type { LoadedContribution } from '../hooks/use-contribution';
import classes from './contributions.module.css';
import { autoDir } from '../../reporting/utils/auto-dir';

/** `revise` happens by itself when the focal point edits a returned contribution: never a button. */
const SHOWN: readonly ContributionAction[] = ['submit', 'approve', 'validate', 'return'];
const ICON = { submit: IconSend, approve: IconCheck, validate: IconChecks, return: IconArrowBackUp } as const;

/** The workflow steps this role may take from this status, from the shared state machine. */
export function visibleActions(status: ContributionStatus, role: Role): ContributionAction[] {
  const possible = availableContributionActions(status, role);
  return SHOWN.filter((a) => possible.includes(a));
}

interface Props {
  loaded: LoadedContribution;
  role: Role;
  /** Before a step (submit): save what is unsaved; a false result cancels the step. */
  beforeAction?: (action: ContributionAction) => Promise<boolean>;
  onDone?: (next: LoadedContribution) => void;
}

export function ContributionActions({ loaded, role, beforeAction, onDone }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<ContributionAction | null>(null);
  const [comment, setComment] = useState('');
  const c = loaded.contribution;
  const actions = visibleActions(c.status, role);

  const mutation = useMutation({
    mutationFn: async ({ action, text }: { action: ContributionAction; text?: string }) => {
      if (beforeAction && !(await beforeAction(action))) return null;
      const current = queryClient.getQueryData<LoadedContribution>(reportingKeys.contribution(c.id)) ?? loaded;
      const { data, headers } = await reportingApi.transition(c.id, { action, ...(text ? { comment: text } : {}) }, current.etag);
      return { contribution: data, etag: etagOf(headers, data.version) };
    },
    onSuccess: (next) => {
      if (!next) return;
      setAsking(null);
      setComment('');
      queryClient.setQueryData(reportingKeys.contribution(c.id), next);
      void queryClient.invalidateQueries({ queryKey: reportingKeys.comments(c.id) });
      void queryClient.invalidateQueries({ queryKey: ['reporting', 'contributions'] });
      void queryClient.invalidateQueries({ queryKey: reportingKeys.unread });
      onDone?.(next);
    },
  });

  if (actions.length === 0) return null;

  const run = (action: ContributionAction) => {
    if (actionsRequiringComment.includes(action)) {
      mutation.reset();
      setAsking(action);
      return;
    }
    mutation.mutate({ action });
  };

  return (
    <Stack gap="xs" data-testid="contribution-actions">
      <Group gap="sm">
        {actions.map((a) => {
          const Icon = ICON[a as keyof typeof ICON];
          return (
            <Button
              key={a}
              color={a === 'return' ? 'orange' : a === 'validate' ? 'teal' : undefined}
              variant={a === 'return' ? 'light' : 'filled'}
              leftSection={<Icon size={16} className={a === 'return' || a === 'submit' ? classes.flip : undefined} />}
              onClick={() => run(a)}
              loading={mutation.isPending && mutation.variables?.action === a}
              disabled={mutation.isPending}
              data-testid={`action-${a}`}
            >
              {t(`reporting.actions.${a}`)}
            </Button>
          );
        })}
      </Group>
      {!asking && <ReportingError error={mutation.error} />}
      <Modal opened={asking !== null} onClose={() => setAsking(null)} title={t('reporting.actions.returnTitle')} centered size="lg">
        <Stack gap="sm">
          <Text fz="sm" c="dimmed">
            {t('reporting.actions.returnHelp')}
          </Text>
          <Textarea
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            autosize
            minRows={4}
            ref={autoDir}
            maxLength={5000}
            label={t('reporting.actions.comment')}
            required
            data-autofocus
            data-testid="return-comment"
          />
          <ReportingError error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="orange"
              onClick={() => asking && mutation.mutate({ action: asking, text: comment.trim() })}
              disabled={!comment.trim()}
              loading={mutation.isPending}
              data-testid="return-confirm"
            >
              {t('reporting.actions.return')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
