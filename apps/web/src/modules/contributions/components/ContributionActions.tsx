import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconChecks, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  availableContributionActions,
  findContributionTransition,
  missingForTransition,
  type ContributionAction,
  type ContributionContext,
  type ContributionRequiredField,
  type ContributionStatus,
  type Role,
} from '@sidh/domain';
import { useLocale } from '../../../app/locale';
import { ReportingError } from '../../reporting/components/ReportingError';
import { autoDir } from '../../reporting/utils/auto-dir';
import { useContributionStep, type LoadedContribution, type StepOptions } from '../hooks/use-contribution';
import classes from './contributions.module.css';

/** `revise` happens by itself when the focal point edits a returned contribution: never a button. */
const SHOWN: readonly ContributionAction[] = ['submit', 'approve', 'validate', 'return'];
const ICON = { submit: IconSend, approve: IconCheck, validate: IconChecks, return: IconArrowBackUp } as const;

/** The workflow steps this role may take from this status, from the shared state machine. */
export function visibleActions(status: ContributionStatus, role: Role, context?: ContributionContext): ContributionAction[] {
  const possible = availableContributionActions(status, role, context);
  return SHOWN.filter((a) => possible.includes(a));
}

/** The content a step may require, as it is on screen (the editor's values) or as saved. */
export interface StepContent {
  implementationStatus?: string | null;
  measures?: string | null;
}

/** The fields each shown step still needs (from the shared transition table); none: the step may be taken. */
export function missingFields(status: ContributionStatus, actions: readonly ContributionAction[], content: StepContent): ContributionRequiredField[] {
  return [...new Set(actions.flatMap((a) => missingForTransition(status, a, content)))];
}

interface Props extends StepOptions {
  loaded: LoadedContribution;
  role: Role;
  /** The content being edited, when it differs from the saved one: what is missing is shown before any click. */
  content?: StepContent;
}

export function ContributionActions({ loaded, role, content, beforeAction, onDone }: Props) {
  const { t } = useTranslation();
  const { intlLocale } = useLocale();
  const [asking, setAsking] = useState<ContributionAction | null>(null);
  const [comment, setComment] = useState('');
  const c = loaded.data;
  // The institution's validator reviews, or (none active) the coordinator in one step: the server says which.
  const context: ContributionContext = { institutionHasValidator: c.reviewer !== 'coordinator' };
  const actions = visibleActions(c.status, role, context);
  /** The coordinator validating a submitted contribution also approves it for the institution. */
  const direct = c.status === 'submitted' && actions.includes('validate');
  const missingFor = (a: ContributionAction) => missingForTransition(c.status, a, content ?? c);
  const missing = missingFields(c.status, actions, content ?? c);

  const mutation = useContributionStep(loaded, {
    beforeAction,
    onDone: (next) => {
      setAsking(null);
      setComment('');
      onDone?.(next);
    },
  });

  if (actions.length === 0) return null;

  const run = (action: ContributionAction) => {
    if (findContributionTransition(c.status, action, context, role)?.requiresComment) {
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
              disabled={mutation.isPending || missingFor(a).length > 0}
              data-testid={`action-${a}`}
            >
              {a === 'validate' && direct ? t('workflow.actions.validateDirect') : t(`reporting.actions.${a}`)}
            </Button>
          );
        })}
      </Group>
      {direct && (
        <Text fz="sm" c="dimmed" data-testid="validate-direct-help">
          {t('workflow.actions.validateDirectHelp')}
        </Text>
      )}
      {missing.length > 0 && (
        <Text fz="sm" c="orange.8" data-testid="missing-fields" data-fields={missing.join(' ')}>
          {t('reporting.actions.missing', {
            fields: new Intl.ListFormat(intlLocale, { type: 'conjunction' }).format(missing.map((f) => t(`reporting.fields.${f}`))),
          })}
        </Text>
      )}
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
              onClick={() => asking && mutation.mutate({ action: asking, comment: comment.trim() })}
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
