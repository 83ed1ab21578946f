import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { useServedShop } from '../components/ServedShop';
import { inboxApi, MAX_QUICK_REPLIES, QUICK_REPLIES_KEY, QUICK_REPLY_MAX_LENGTH, type QuickReply } from '../inbox/api';

/** /shop/quick-replies: the shop's saved replies, added and deleted by the owner or staff (issue 18 item 3). */
export function ShopQuickRepliesPage() {
  const { t } = useTranslation();
  const shop = useServedShop();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const operatorId = shop?.operatorId ?? '';
  const queryKey = [QUICK_REPLIES_KEY, operatorId];
  const replies = useQuery({ queryKey, queryFn: () => inboxApi.quickReplies(operatorId), enabled: Boolean(shop) });
  const [problem, setProblem] = useState<string>();
  const [deleting, setDeleting] = useState<QuickReply | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  const add = useMutation({ mutationFn: (text: string) => keys.send({ text }, (key) => inboxApi.addQuickReply(operatorId, text, key)), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: (id: string) => keys.send({ delete: id }, (key) => inboxApi.deleteQuickReply(operatorId, id, key)),
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
    },
  });
  if (!shop) return <Navigate to="/shop" replace />;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('quickReply') ?? '').trim();
    add.reset();
    if (!text || Array.from(text).length > QUICK_REPLY_MAX_LENGTH) {
      setProblem(t('shop.quickReplies.required'));
      return;
    }
    setProblem(undefined);
    add.mutate(text, { onSuccess: () => form.reset() });
  }

  const count = replies.data?.items.length ?? 0;
  return (
    <div className="page" data-testid="shop-quick-replies-page">
      <PageHeader title={t('shop.quickReplies.title')} intro={t('shop.quickReplies.intro')} back={{ to: '/shop/inbox', label: t('shop.inbox.title') }} />
      <section className="card" aria-labelledby="quick-add-title">
        <h2 id="quick-add-title">{t('shop.quickReplies.add')}</h2>
        <form className="form" onSubmit={submit} noValidate data-testid="quick-reply-form">
          <div className="field">
            <label htmlFor="field-quickReply">{t('shop.quickReplies.text')}</label>
            <textarea
              id="field-quickReply"
              name="quickReply"
              rows={3}
              maxLength={QUICK_REPLY_MAX_LENGTH}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'quick-reply-error' : 'quick-reply-hint'}
              data-testid="quick-reply-text"
            />
            {problem ? (
              <small id="quick-reply-error" className="field-error" data-testid="quickReply-error">
                {problem}
              </small>
            ) : (
              <small id="quick-reply-hint" className="hint">
                {t('shop.quickReplies.textHint')}
              </small>
            )}
          </div>
          <ErrorBanner error={add.error} testId="quick-reply-add-error" />
          {count >= MAX_QUICK_REPLIES && <p className="muted">{t('shop.quickReplies.limit', { max: MAX_QUICK_REPLIES })}</p>}
          <button type="submit" className="button primary" disabled={add.isPending || count >= MAX_QUICK_REPLIES} data-testid="quick-reply-save">
            {add.isPending ? t('common.saving') : t('shop.quickReplies.save')}
          </button>
        </form>
      </section>
      <section className="card" aria-label={t('shop.quickReplies.title')}>
        {replies.isPending ? (
          <Loading />
        ) : !replies.data ? (
          <ErrorBanner error={replies.error} testId="quick-replies-error" />
        ) : count === 0 ? (
          <p className="empty" data-testid="quick-replies-empty">
            {t('shop.quickReplies.empty')}
          </p>
        ) : (
          <ul className="quick-reply-list" data-testid="quick-replies">
            {replies.data.items.map((reply) => (
              <li key={reply.id} data-testid="quick-reply">
                <span className="quick-reply-text">{reply.text}</span>
                <button type="button" className="button secondary" onClick={() => setDeleting(reply)} data-testid="quick-reply-delete">
                  {t('shop.quickReplies.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <ErrorBanner error={remove.error} testId="quick-reply-delete-error" />
      </section>
      <ConfirmDialog
        open={deleting !== null}
        title={t('shop.quickReplies.removeTitle')}
        confirmLabel={t('shop.quickReplies.remove')}
        cancelLabel={t('shop.quickReplies.keep')}
        busy={remove.isPending}
        testId="quick-reply-delete-dialog"
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onCancel={() => setDeleting(null)}
      >
        <p>{deleting?.text}</p>
      </ConfirmDialog>
    </div>
  );
}
