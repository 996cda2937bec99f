import { useState } from 'react';
import { Badge, Button, Group, Loader, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat } from '../../../app/locale';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useAddComment, useComments } from '../hooks/use-contribution';
import classes from './contributions.module.css';
import { autoDir } from '../../reporting/utils/auto-dir';

/** The contribution's comment thread, oldest first; workflow comments (return, …) are marked. */
export function CommentThread({ contributionId }: { contributionId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const comments = useComments(contributionId);
  const [body, setBody] = useState('');
  const add = useAddComment(contributionId);
  const send = () => add.mutate(body.trim(), { onSuccess: () => setBody('') });

  return (
    <Stack gap="sm" data-testid="comment-thread">
      {comments.isPending && <Loader size="xs" />}
      <ReportingError error={comments.error} />
      {comments.data?.items.length === 0 && (
        <Text fz="sm" c="dimmed">
          {t('reporting.comments.empty')}
        </Text>
      )}
      {comments.data?.items.map((c) => (
        <div key={c.id} className={classes.comment} data-action={c.action ?? undefined} data-testid="comment">
          <Group gap={6} wrap="wrap">
            <Text fz="sm" fw={600}>
              {c.author?.name ?? t('reporting.comments.unknownAuthor')}
            </Text>
            {c.authorRole && (
              <Text fz="xs" c="dimmed">
                {t(`roles.${c.authorRole}`, { defaultValue: c.authorRole })}
              </Text>
            )}
            {c.action && (
              <Badge size="xs" variant="light" color={c.action === 'return' ? 'orange' : 'teal'}>
                {t(`reporting.actions.${c.action}`, { defaultValue: c.action })}
              </Badge>
            )}
            <Text fz="xs" c="dimmed">
              {fmt.dateTime(c.createdAt)}
            </Text>
          </Group>
          <Text fz="sm" dir="auto" style={{ whiteSpace: 'pre-line' }} data-testid="comment-body">
            {c.body}
          </Text>
        </div>
      ))}
      {can(Permission.ContributionComment) && (
        <Stack gap={6}>
          <Textarea
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            placeholder={t('reporting.comments.placeholder')}
            aria-label={t('reporting.comments.placeholder')}
            autosize
            minRows={2}
            ref={autoDir}
            maxLength={5000}
            data-testid="comment-input"
          />
          <Group justify="flex-end">
            <Button size="xs" onClick={send} disabled={!body.trim()} loading={add.isPending} data-testid="comment-send">
              {t('reporting.comments.send')}
            </Button>
          </Group>
          <ReportingError error={add.error} />
        </Stack>
      )}
    </Stack>
  );
}
