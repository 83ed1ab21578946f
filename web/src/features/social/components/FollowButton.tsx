import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { socialApi } from '../api';
import { ErrorBanner } from '../../../ui/ErrorBanner';

/** Follow / following for someone else (never oneself: the caller hides it); the profile counts refresh after. */
export function FollowButton({ userId, following }: { userId: string; following: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [on, setOn] = useState(following);
  const follow = useMutation({
    mutationFn: (next: boolean) => socialApi.follow(userId, next),
    onSuccess: async (result) => {
      setOn(result.following);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['profile', userId] }), queryClient.invalidateQueries({ queryKey: ['followers', userId] })]);
    },
  });
  return (
    <>
      <button
        type="button"
        className={on ? 'button secondary small' : 'button primary small'}
        aria-pressed={on}
        disabled={follow.isPending}
        data-testid="follow"
        data-following={on}
        onClick={() => follow.mutate(!on)}
      >
        {on ? t('social.note.following') : t('social.note.follow')}
      </button>
      <ErrorBanner error={follow.error} testId="follow-error" />
    </>
  );
}
