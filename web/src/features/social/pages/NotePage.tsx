import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { FollowButton } from '../components/FollowButton';
import { Loading } from '../../../ui/Loading';
import { AdLabel, Avatar } from '../components/NoteCard';
import { NoteCarousel } from '../components/NoteCarousel';
import { NoteComments } from '../components/NoteComments';
import { Notice } from '../../../ui/Notice';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { useMe } from '../../../app/session';
import { bodyRuns, FEED_KEY, NOTE_KEY, productLink, socialApi, useNote, useProfile, type Note, type NoteTag } from '../api';
import { ApiError } from '../../../api/client';

/** Following the author: shown to signed-in readers who are not the author. */
function AuthorBar({ note, mine, signedIn }: { note: Note; mine: boolean; signedIn: boolean }) {
  const profile = useProfile(note.author.id);
  return (
    <div className="note-author" data-testid="note-author">
      <Link to={`/users/${note.author.id}`} className="note-author-link">
        <Avatar name={note.author.displayName} />
        <span>{note.author.displayName}</span>
      </Link>
      {signedIn && !mine && profile.data && <FollowButton key={String(profile.data.followedByMe)} userId={note.author.id} following={profile.data.followedByMe} />}
    </div>
  );
}

/** Like and collect: each one tap, the count from the server's answer. */
function Engagement({ note, signedIn }: { note: Note; signedIn: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const patch = (change: Partial<Note>) => queryClient.setQueryData<Note>([NOTE_KEY, note.id], (old) => (old ? { ...old, ...change } : old));
  const like = useMutation({ mutationFn: (on: boolean) => socialApi.like(note.id, on), onSuccess: (result) => patch(result) });
  const collect = useMutation({ mutationFn: (on: boolean) => socialApi.collect(note.id, on), onSuccess: (result) => patch(result) });
  const guard = (act: () => void) => (signedIn ? act() : void navigate('/login'));
  return (
    <div className="note-actions" data-testid="note-actions">
      <button type="button" className={note.liked ? 'action on' : 'action'} aria-pressed={note.liked} disabled={like.isPending} data-testid="note-like" onClick={() => guard(() => like.mutate(!note.liked))}>
        <span aria-hidden="true">{note.liked ? '♥' : '♡'}</span> {note.liked ? t('social.note.unlike') : t('social.note.like')}{' '}
        <span data-testid="note-likes">{note.likes}</span>
      </button>
      <button
        type="button"
        className={note.collected ? 'action on' : 'action'}
        aria-pressed={note.collected}
        disabled={collect.isPending}
        data-testid="note-collect"
        onClick={() => guard(() => collect.mutate(!note.collected))}
      >
        <span aria-hidden="true">{note.collected ? '★' : '☆'}</span> {note.collected ? t('social.note.uncollect') : t('social.note.collect')}{' '}
        <span data-testid="note-collects">{note.collects}</span>
      </button>
      <ErrorBanner error={like.error ?? collect.error} testId="note-action-error" />
    </div>
  );
}

/** Reporting to the admins (once per person); operators cannot hide notes (R11). */
function Report({ noteId }: { noteId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const report = useMutation({ mutationFn: (reason: string) => socialApi.report(noteId, reason) });
  if (report.isSuccess) return <Notice testId="report-sent">{t('social.note.reported')}</Notice>;
  if (!open) {
    return (
      <button type="button" className="link-button muted" data-testid="note-report" onClick={() => setOpen(true)}>
        {t('social.note.report')}
      </button>
    );
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    report.mutate(String(new FormData(event.currentTarget).get('reason') ?? '').trim());
  }
  return (
    <form className="form report-form" onSubmit={submit} data-testid="report-form">
      <label className="field">
        <span>{t('social.note.reportReason')}</span>
        <input name="reason" required minLength={2} maxLength={200} placeholder={t('social.note.reportPlaceholder')} data-testid="report-reason" />
      </label>
      <ErrorBanner error={report.error} testId="report-error" />
      <button type="submit" className="button secondary" disabled={report.isPending} data-testid="report-send">
        {t('social.note.reportSend')}
      </button>
    </form>
  );
}

/** /notes/:id: the photos with their tags, the text, the marks (R8 广告, R11 已购), engagement, comments. */
export function NotePage() {
  const { t, i18n } = useTranslation();
  const { noteId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const note = useNote(noteId);
  // R12: opening a tag counts the click and hands out the attribution the product page carries to checkout.
  const open = useMutation({
    mutationFn: (tag: NoteTag) => socialApi.openTag(noteId, tag.id),
    onSuccess: ({ productId, skuId, attribution }) => void navigate(productLink(productId, attribution, skuId)),
  });
  const remove = useMutation({
    mutationFn: () => socialApi.deleteNote(noteId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [FEED_KEY] });
      void navigate(me.data ? `/users/${me.data.id}` : '/', { replace: true });
    },
  });

  if (note.isPending) return <Loading />;
  if (note.isError) {
    const missing = note.error instanceof ApiError && note.error.status === 404;
    return (
      <div className="page" data-testid="note-page">
        {missing ? <Notice kind="warning" testId="note-missing">{t('social.note.notFound')}</Notice> : <ErrorBanner error={note.error} />}
        <Link to="/" className="button secondary">
          {t('notFound.home')}
        </Link>
      </div>
    );
  }
  const n = note.data;
  const mine = me.data?.id === n.author.id;
  const products = [...new Map(n.tags.map((tag) => [tag.productId, tag])).values()];

  return (
    <div className="page note-page" data-testid="note-page" data-note-id={n.id}>
      <title>{`${n.title} · ${t('app.name')}`}</title>
      <AuthorBar note={n} mine={mine} signedIn={Boolean(me.data)} />
      <NoteCarousel note={n} opening={open.isPending} onOpenTag={(tag) => open.mutate(tag)} />
      <ErrorBanner error={open.error} testId="tag-error" />
      {n.hidden && <Notice kind="warning" testId="note-hidden">{t('social.note.hidden')}</Notice>}
      <section className="note-text">
        <h1 data-testid="note-title">
          <AdLabel note={n} /> {n.title}
        </h1>
        <p className="note-body" data-testid="note-body">
          {bodyRuns(n.body).map((run, i) =>
            run.hashtag ? (
              <Link key={i} to={`/search?type=notes&q=${encodeURIComponent(run.text.replaceAll('#', ''))}`} className="hashtag">
                {run.text}
              </Link>
            ) : (
              <span key={i}>{run.text}</span>
            ),
          )}
        </p>
        {n.sponsor && (
          <p className="fine-print" data-testid="note-sponsor">
            {n.sponsor.status === 'confirmed' ? t('social.note.sponsoredBy', { shop: n.sponsor.shopName }) : t('social.note.sponsorPending', { shop: n.sponsor.shopName })}
          </p>
        )}
        <p className="fine-print">
          <time dateTime={n.updatedAt}>{t('social.note.edited', { date: formatDateTime(n.updatedAt, i18n.resolvedLanguage) })}</time>
        </p>
      </section>
      {products.length > 0 && (
        <section className="card" data-testid="note-products">
          <h2>{t('social.note.products')}</h2>
          <ul className="note-product-list">
            {products.map((tag) => (
              <li key={tag.productId}>
                <button type="button" className="note-product" disabled={open.isPending} data-testid="note-product" onClick={() => open.mutate(tag)}>
                  <span className="note-product-title">{tag.product.title}</span>
                  {tag.verifiedPurchase && <span className="verified">{t('social.verifiedPurchase')}</span>}
                  <span className="price">{formatFen(tag.product.price)}</span>
                  <span aria-hidden="true">›</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Engagement note={n} signedIn={Boolean(me.data)} />
      {mine && (
        <div className="actions" data-testid="note-owner">
          <Link to={`/notes/${n.id}/edit`} className="button secondary" data-testid="note-edit">
            {t('social.note.edit')}
          </Link>
          <button
            type="button"
            className="button danger-outline"
            disabled={remove.isPending}
            data-testid="note-delete"
            onClick={() => {
              if (window.confirm(t('social.note.deleteConfirm'))) remove.mutate();
            }}
          >
            {t('social.note.delete')}
          </button>
        </div>
      )}
      <ErrorBanner error={remove.error} testId="note-delete-error" />
      <NoteComments noteId={n.id} count={n.comments} />
      {me.data && !mine && <Report noteId={n.id} />}
    </div>
  );
}
