import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Note } from '../api';
import { CARD_SIZES, pictureProps, SQUARE_BOX } from '../../../ui/image';

/** R8: the 「广告」 label of a sponsored note; it follows `isAd` only, nothing the author sets. */
export function AdLabel({ note, className = 'ad-label' }: { note: Pick<Note, 'isAd'>; className?: string }) {
  const { t } = useTranslation();
  if (!note.isAd) return null;
  return (
    <span className={className} data-testid="note-ad">
      {t('social.ad')}
    </span>
  );
}

/** The first letter of a name in a coloured circle: people have no photos yet. */
export function Avatar({ name, size = 'small' }: { name: string; size?: 'small' | 'large' }) {
  return (
    <span className={`avatar ${size}`} aria-hidden="true">
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}

function HeartIcon({ filled }: { filled: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
      <path
        d="M12 20.5s-7.5-4.6-7.5-10.1A4.4 4.4 0 0 1 12 7.6a4.4 4.4 0 0 1 7.5 2.8c0 5.5-7.5 10.1-7.5 10.1z"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** Cards of the first row are on screen at once: their covers are fetched first, the rest when scrolled near. */
const EAGER_CARDS = 2;

/**
 * One feed card, Xiaohongshu style: the cover at its own height (the 400 px thumbnail), the
 * title, the author and the likes. `position` is the card's place in the feed.
 */
export function NoteCard({ note, position = EAGER_CARDS }: { note: Note; position?: number }) {
  const { t } = useTranslation();
  const cover = note.images[0];
  return (
    <li className="note-card" data-testid="note-card" data-note-id={note.id} data-ad={note.isAd}>
      <Link to={`/notes/${note.id}`} className="note-card-link">
        <div className="note-cover">
          {cover && (
            <img
              {...pictureProps(cover, CARD_SIZES)}
              {...SQUARE_BOX}
              alt={t('social.noteImage', { title: note.title, n: 1 })}
              {...(position < EAGER_CARDS ? { fetchPriority: 'high' as const } : { loading: 'lazy' as const })}
            />
          )}
          <AdLabel note={note} className="ad-label on-cover" />
        </div>
        <span className="note-card-title" data-testid="note-card-title">
          {note.title}
        </span>
      </Link>
      <div className="note-card-meta">
        <Link to={`/users/${note.author.id}`} className="note-card-author" data-testid="note-card-author">
          <Avatar name={note.author.displayName} />
          <span>{note.author.displayName}</span>
        </Link>
        <span className={note.liked ? 'note-card-likes liked' : 'note-card-likes'} aria-label={t('social.likes', { count: note.likes })} data-testid="note-card-likes">
          <HeartIcon filled={note.liked} />
          {note.likes}
        </span>
      </div>
    </li>
  );
}

/** Two columns, cards dealt left and right in turn so the reading order stays the feed's order. */
export function NoteMasonry({ notes, testId = 'note-masonry' }: { notes: readonly Note[]; testId?: string }) {
  const placed = notes.map((note, position) => ({ note, position }));
  const columns = [placed.filter((_, i) => i % 2 === 0), placed.filter((_, i) => i % 2 === 1)];
  return (
    <div className="masonry" data-testid={testId}>
      {columns.map((column, c) => (
        <ul key={c} className="masonry-column">
          {column.map(({ note, position }) => (
            <NoteCard key={note.id} note={note} position={position} />
          ))}
        </ul>
      ))}
    </div>
  );
}

/** What MoreOnScroll needs of a TanStack infinite query (of any page type). */
type Paged = Pick<UseInfiniteQueryResult<unknown>, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;

/**
 * Infinite scroll with a button as well: the next page loads when the end comes
 * into view, and "load more" works where IntersectionObserver does not.
 */
export function MoreOnScroll({ paged, endText }: { paged: Paged; endText?: string }) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  const latest = useRef(paged);
  latest.current = paged;
  const { hasNextPage, isFetchingNextPage } = paged;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !latest.current.isFetchingNextPage) void latest.current.fetchNextPage();
      },
      { rootMargin: '400px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage]);
  if (!hasNextPage) return endText ? <p className="feed-end">{endText}</p> : null;
  return (
    <div ref={sentinel} className="more">
      <button type="button" className="button secondary" data-testid="load-more" disabled={isFetchingNextPage} onClick={() => void paged.fetchNextPage()}>
        {isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
