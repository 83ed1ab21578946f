import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { FollowButton } from '../components/FollowButton';
import { Loading } from '../../../ui/Loading';
import { Avatar, MoreOnScroll, NoteMasonry } from '../components/NoteCard';
import { Notice } from '../../../ui/Notice';
import { formatDate } from '../../../lib/format';
import { useMe } from '../../../app/session';
import { useFollowers, useProfile, useUserCollects, useUserNotes } from '../api';
import { ApiError } from '../../../api/client';

const TABS = ['notes', 'collects', 'followers'] as const;
type Tab = (typeof TABS)[number];

function NotesTab({ userId, which }: { userId: string; which: 'notes' | 'collects' }) {
  const { t } = useTranslation();
  const mine = useUserNotes(userId, which === 'notes');
  const collected = useUserCollects(userId, which === 'collects');
  const list = which === 'notes' ? mine : collected;
  const notes = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorBanner error={list.error} />;
  if (notes.length === 0) return <p className="empty" data-testid="profile-empty">{which === 'notes' ? t('social.profile.notesEmpty') : t('social.profile.collectsEmpty')}</p>;
  return (
    <>
      <NoteMasonry notes={notes} testId={`profile-${which}`} />
      <MoreOnScroll paged={list} />
    </>
  );
}

function FollowersTab({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const followers = useFollowers(userId, true);
  const people = followers.data?.pages.flatMap((page) => page.items) ?? [];
  if (followers.isPending) return <Loading />;
  if (followers.isError) return <ErrorBanner error={followers.error} />;
  if (people.length === 0) return <p className="empty" data-testid="profile-empty">{t('social.profile.followersEmpty')}</p>;
  return (
    <>
      <ul className="people-list" data-testid="profile-followers">
        {people.map((person) => (
          <li key={person.id} data-testid="follower">
            <Link to={`/users/${person.id}`} className="person">
              <Avatar name={person.displayName} />
              <span>{person.displayName}</span>
              <span className="fine-print">{t('social.profile.followedAt', { date: formatDate(person.followedAt, i18n.resolvedLanguage) })}</span>
            </Link>
          </li>
        ))}
      </ul>
      <MoreOnScroll paged={followers} />
    </>
  );
}

/** /users/:id: a public profile with counts, the follow button, and tabs of notes, collected notes and followers. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { userId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const profile = useProfile(userId);
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'notes';

  if (profile.isPending) return <Loading />;
  if (profile.isError) {
    const missing = profile.error instanceof ApiError && profile.error.status === 404;
    return <div className="page">{missing ? <Notice kind="warning" testId="profile-missing">{t('notFound.title')}</Notice> : <ErrorBanner error={profile.error} />}</div>;
  }
  const p = profile.data;
  const mine = me.data?.id === p.id;
  const counts = [
    ['following', p.following],
    ['followers', p.followers],
    ['likesAndCollects', p.likesAndCollects],
  ] as const;
  return (
    <div className="page profile-page" data-testid="profile-page" data-user-id={p.id}>
      <title>{`${p.displayName} · ${t('app.name')}`}</title>
      <section className="profile-head">
        <Avatar name={p.displayName} size="large" />
        <div>
          <h1 data-testid="profile-name">{p.displayName}</h1>
          <dl className="profile-counts">
            {counts.map(([key, value]) => (
              <div key={key} data-testid={`profile-${key}-count`}>
                <dd>{value}</dd>
                <dt>{t(`social.profile.${key}`)}</dt>
              </div>
            ))}
          </dl>
        </div>
        {me.data && !mine && <FollowButton key={String(p.followedByMe)} userId={p.id} following={p.followedByMe} />}
        {mine && (
          <Link to="/notes/new" className="button primary small" data-testid="profile-post">
            {t('social.feed.post')}
          </Link>
        )}
      </section>
      <div className="feed-tabs" role="tablist">
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className="feed-tab" data-testid={`profile-tab-${name}`} onClick={() => setParams({ tab: name }, { replace: true })}>
            {t(`social.profile.${name}`)} {name === 'notes' ? p.notes : name === 'followers' ? p.followers : ''}
          </button>
        ))}
      </div>
      {tab === 'followers' ? <FollowersTab userId={p.id} /> : <NotesTab userId={p.id} which={tab} />}
    </div>
  );
}
