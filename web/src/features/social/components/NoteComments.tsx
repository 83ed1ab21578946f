import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { useMe } from '../../../app/session';
import { NOTE_KEY, socialApi, useComments, type Comment } from '../api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Avatar, MoreOnScroll } from './NoteCard';

function CommentLine({ comment, onReply }: { comment: Comment; onReply?: (comment: Comment) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="comment" data-testid={comment.parentId ? 'reply' : 'comment'} data-comment-id={comment.id}>
      <Avatar name={comment.author.displayName} />
      <div className="comment-main">
        <Link to={`/users/${comment.author.id}`} className="comment-author">
          {comment.author.displayName}
        </Link>
        <p className="comment-body" data-testid="comment-body">
          {comment.body}
        </p>
        <span className="comment-meta">
          <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, i18n.resolvedLanguage)}</time>
          {onReply && (
            <button type="button" className="link-button" data-testid="comment-reply" onClick={() => onReply(comment)}>
              {t('social.comments.reply')}
            </button>
          )}
        </span>
      </div>
    </div>
  );
}

/** Comments oldest first, each with its replies (one level: a reply cannot be replied to), and the box to write one. */
export function NoteComments({ noteId, count }: { noteId: string; count: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const comments = useComments(noteId);
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: (input: { body: string; parentId?: string }) => keys.send(input, (key) => socialApi.comment(noteId, input, key)),
    onSuccess: async () => {
      setText('');
      setReplyTo(null);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['comments', noteId] }), queryClient.invalidateQueries({ queryKey: [NOTE_KEY, noteId] })]);
    },
  });
  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    send.mutate({ body, ...(replyTo ? { parentId: replyTo.id } : {}) });
  }

  return (
    <section className="card comments" data-testid="note-comments">
      <h2>{t('social.comments.title', { count })}</h2>
      {comments.isPending ? (
        <Loading />
      ) : comments.isError ? (
        <ErrorBanner error={comments.error} />
      ) : items.length === 0 ? (
        <p className="empty">{t('social.comments.empty')}</p>
      ) : (
        <ul className="comment-list">
          {items.map((comment) => (
            <li key={comment.id}>
              <CommentLine comment={comment} onReply={me.data ? setReplyTo : undefined} />
              {comment.replies.length > 0 && (
                <ul className="reply-list">
                  {comment.replies.map((reply) => (
                    <li key={reply.id}>
                      <CommentLine comment={reply} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <MoreOnScroll paged={comments} />
      {me.data ? (
        <form className="comment-form" onSubmit={submit} data-testid="comment-form">
          {replyTo && (
            <p className="replying" data-testid="comment-replying">
              {t('social.comments.replyTo', { name: replyTo.author.displayName })}{' '}
              <button type="button" className="link-button" onClick={() => setReplyTo(null)}>
                {t('social.comments.cancelReply')}
              </button>
            </p>
          )}
          <div className="comment-input">
            <input
              type="text"
              value={text}
              maxLength={500}
              placeholder={replyTo ? t('social.comments.replyTo', { name: replyTo.author.displayName }) : t('social.comments.placeholder')}
              aria-label={t('social.comments.placeholder')}
              data-testid="comment-input"
              onChange={(event) => setText(event.target.value)}
            />
            <button type="submit" className="button primary small" disabled={send.isPending || !text.trim()} data-testid="comment-send">
              {send.isPending ? t('social.comments.sending') : t('social.comments.send')}
            </button>
          </div>
          <ErrorBanner error={send.error} testId="comment-error" />
        </form>
      ) : (
        <Link to="/login" className="button secondary" data-testid="comment-login">
          {t('social.comments.loginToComment')}
        </Link>
      )}
    </section>
  );
}
