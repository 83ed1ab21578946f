import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../lib/money';
import type { Note, NoteTag } from '../api';

/** A tag on a photo: a dot at x,y with the product's name and price beside it; R11's 已购 only when earned. */
function TagDot({ tag, onOpen, disabled }: { tag: NoteTag; onOpen: (tag: NoteTag) => void; disabled: boolean }) {
  const { t } = useTranslation();
  // The bubble opens towards the middle so it stays on the photo.
  const side = tag.x > 0.55 ? 'left' : 'right';
  return (
    <button
      type="button"
      className={`tag-dot ${side}`}
      style={{ left: `${tag.x * 100}%`, top: `${tag.y * 100}%` }}
      data-testid="tag-dot"
      data-tag-id={tag.id}
      data-verified={tag.verifiedPurchase}
      disabled={disabled}
      aria-label={t('social.note.openTag', { title: tag.product.title, price: formatFen(tag.product.price) })}
      onClick={() => onOpen(tag)}
    >
      <span className="tag-dot-point" aria-hidden="true" />
      <span className="tag-bubble">
        {tag.verifiedPurchase && (
          <span className="verified" data-testid="tag-verified">
            {t('social.verifiedPurchase')}
          </span>
        )}
        <span className="tag-title">{tag.product.title}</span>
        <span className="tag-price">{formatFen(tag.product.price)}</span>
      </span>
    </button>
  );
}

/** The photos side by side, one screen wide each (swipe), with their tag dots and a "2 / 3" counter. */
export function NoteCarousel({ note, onOpenTag, opening }: { note: Note; onOpenTag: (tag: NoteTag) => void; opening: boolean }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(0);
  const total = note.images.length;
  return (
    <section className="carousel" role="group" aria-roledescription="carousel" data-testid="note-carousel">
      <div
        className="carousel-track"
        onScroll={(event) => {
          const track = event.currentTarget;
          setShown(Math.round(track.scrollLeft / Math.max(1, track.clientWidth)));
        }}
      >
        {note.images.map((url, i) => (
          <div key={url} className="carousel-slide" data-testid="note-slide" aria-label={t('social.note.slide', { n: i + 1, total })}>
            <img src={url} alt={t('social.noteImage', { title: note.title, n: i + 1 })} />
            {note.tags
              .filter((tag) => tag.image === i)
              .map((tag) => (
                <TagDot key={tag.id} tag={tag} onOpen={onOpenTag} disabled={opening} />
              ))}
          </div>
        ))}
      </div>
      {total > 1 && (
        <>
          <span className="carousel-count" data-testid="carousel-count">
            {t('social.note.slide', { n: Math.min(total, shown + 1), total })}
          </span>
          <div className="carousel-dots" aria-hidden="true">
            {note.images.map((url, i) => (
              <span key={url} className={i === shown ? 'dot active' : 'dot'} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
