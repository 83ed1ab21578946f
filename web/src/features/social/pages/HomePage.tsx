import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { MoreOnScroll, NoteMasonry } from '../components/NoteCard';
import { useMe } from '../../../app/session';
import { useFeed, type FeedTab } from '../api';

/**
 * R6: when the feed was ranked for the viewer, the non-personalised one is one tap
 * away (and back); the consent itself lives on /me/privacy.
 */
function PersonalisationBar({ personalised, optedOut, onChoose }: { personalised: boolean; optedOut: boolean; onChoose: (personalised: boolean) => void }) {
  const { t } = useTranslation();
  if (!personalised && !optedOut) {
    return (
      <p className="feed-mode" data-testid="feed-mode" data-personalised="false">
        <Link to="/me/privacy" data-testid="feed-settings">
          {t('social.feed.settings')} ›
        </Link>
      </p>
    );
  }
  return (
    <p className="feed-mode" data-testid="feed-mode" data-personalised={personalised}>
      <span>{personalised ? t('social.feed.personalisedOn') : t('social.feed.personalisedOff')}</span>
      <button type="button" className="link-button" data-testid={personalised ? 'feed-personalised-off' : 'feed-personalised-on'} onClick={() => onChoose(!personalised)}>
        {personalised ? t('social.feed.turnOff') : t('social.feed.turnOn')}
      </button>
    </p>
  );
}

/** Home: the two-column discover feed (or the people I follow), a search bar, and the way to post. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const signedIn = Boolean(me.data);
  const [params, setParams] = useSearchParams();
  const tab: FeedTab = params.get('tab') === 'following' ? 'following' : 'discover';
  const optedOut = params.get('personalised') === 'false';
  const feed = useFeed(tab, optedOut ? false : undefined, tab === 'discover' || signedIn);
  const notes = feed.data?.pages.flatMap((page) => page.items) ?? [];
  const personalised = feed.data?.pages[0]?.personalised ?? false;

  function choose(next: { tab?: FeedTab; personalised?: boolean }) {
    const search = new URLSearchParams(params);
    if (next.tab) search.set('tab', next.tab);
    if (next.personalised === false) search.set('personalised', 'false');
    if (next.personalised === true) search.delete('personalised');
    setParams(search, { replace: true });
  }

  return (
    <div className="page home-feed" data-testid="home-page">
      <title>{`${t('home.title')} · ${t('app.name')}`}</title>
      <div className="feed-head">
        <div className="feed-tabs" role="tablist" aria-label={t('social.feed.tabs')}>
          {(['discover', 'following'] as const).map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} className="feed-tab" data-testid={`feed-tab-${name}`} onClick={() => choose({ tab: name })}>
              {t(`social.feed.${name}`)}
            </button>
          ))}
        </div>
        <Link to="/search" className="feed-search" data-testid="home-search">
          <span aria-hidden="true">⌕</span> {t('social.feed.searchPlaceholder')}
        </Link>
      </div>
      {/* Signed in, the feed has no hero; its <h1> is for screen readers only. */}
      {me.data !== null && <h1 className="visually-hidden">{t('home.title')}</h1>}
      {me.data === null && (
        <section className="hero compact">
          <h1>{t('home.welcome')}</h1>
          <p>{t('home.intro')}</p>
          <div className="actions">
            <Link to="/register" className="button primary" data-testid="home-register">
              {t('home.registerCta')}
            </Link>
            <Link to="/login" className="button secondary" data-testid="home-login">
              {t('home.loginCta')}
            </Link>
          </div>
        </section>
      )}
      {tab === 'discover' && signedIn && feed.data && <PersonalisationBar personalised={personalised} optedOut={optedOut} onChoose={(on) => choose({ personalised: on })} />}
      {tab === 'following' && !signedIn ? (
        <p className="empty" data-testid="feed-login">
          <Link to="/login">{t('social.feed.followingLogin')}</Link>
        </p>
      ) : feed.isPending ? (
        <Loading />
      ) : feed.isError ? (
        <ErrorBanner error={feed.error} testId="feed-error" />
      ) : notes.length === 0 ? (
        <p className="empty" data-testid="feed-empty">
          {tab === 'following' ? t('social.feed.followingEmpty') : t('social.feed.empty')}
        </p>
      ) : (
        <>
          <NoteMasonry notes={notes} testId="feed" />
          <MoreOnScroll paged={feed} endText={t('social.feed.end')} />
        </>
      )}
      <p className="switch-link">
        <Link to="/deposit-rule" data-testid="home-deposit-rule">
          {t('home.depositRule')}
        </Link>
      </p>
    </div>
  );
}
