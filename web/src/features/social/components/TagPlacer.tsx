import { useQuery } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../lib/money';
import { socialApi, type NoteTag, type TagInput } from '../api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import type { ProductSummary } from '../../catalog/api';

/**
 * A tag being drafted: what POST /notes takes of it (the product, and where it sits, 0..1
 * from the photo's top-left corner) with the product's title and price the note shows.
 */
export type DraftTag = Pick<TagInput, 'productId' | 'x' | 'y'> & Pick<NoteTag['product'], 'title' | 'price'>;

export interface DraftImage {
  url: string;
  preview: string;
  tags: DraftTag[];
}

export const MAX_TAGS_PER_IMAGE = 10;

/** Where a tap landed on the element, as fractions of its size, kept inside 0..1 and to 3 decimals. */
function fractionOf(event: MouseEvent<HTMLElement>): { x: number; y: number } {
  const box = event.currentTarget.getBoundingClientRect();
  const clamp = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
  return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
}

/** The chosen photo, large: a tap puts a pending dot there; the tags already placed show as dots too. */
export function TagCanvas({ image, pending, onTap }: { image: DraftImage; pending: { x: number; y: number } | null; onTap: (at: { x: number; y: number }) => void }) {
  const { t } = useTranslation();
  const full = image.tags.length >= MAX_TAGS_PER_IMAGE;
  return (
    <div className="tag-canvas-wrap">
      <button type="button" className="tag-canvas" data-testid="tag-canvas" disabled={full} aria-label={[t('social.editor.tapToTag'), ...image.tags.map((tag) => tag.title)].join(' ')} onClick={(event) => onTap(fractionOf(event))}>
        <img src={image.preview} alt="" draggable={false} />
        {image.tags.map((tag, i) => (
          <span key={i} className="tag-dot static" style={{ left: `${tag.x * 100}%`, top: `${tag.y * 100}%` }} data-testid="draft-tag-dot">
            <span className="tag-dot-point" aria-hidden="true" />
            <span className="tag-bubble">
              <span className="tag-title">{tag.title}</span>
            </span>
          </span>
        ))}
        {pending && <span className="tag-dot pending" style={{ left: `${pending.x * 100}%`, top: `${pending.y * 100}%` }} data-testid="pending-tag" />}
      </button>
      <p className="hint">{full ? t('social.editor.tooManyTags') : t('social.editor.tapToTag')}</p>
    </div>
  );
}

/** Choosing the product for a pending tag: a search over products on sale (GET /search?type=products). */
export function ProductPicker({ onPick, onCancel }: { onPick: (product: ProductSummary) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const results = useQuery({ queryKey: ['search', 'products', q, 'picker'], queryFn: () => socialApi.searchProducts(q, undefined, 8), enabled: q.length > 0 });

  const [text, setText] = useState('');
  const search = () => setQ(text.trim());

  return (
    <section className="card product-picker" data-testid="product-picker" aria-label={t('social.editor.pickProduct')}>
      <h2>{t('social.editor.pickProduct')}</h2>
      {/* Not a <form>: the picker sits inside the note's form, and forms cannot nest. */}
      <div className="search" role="search">
        <input
          type="search"
          value={text}
          maxLength={100}
          autoFocus
          placeholder={t('social.editor.searchPlaceholder')}
          aria-label={t('social.editor.searchProducts')}
          enterKeyHint="search"
          data-testid="picker-input"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            search();
          }}
        />
        <button type="button" className="button primary" data-testid="picker-search" onClick={search}>
          {t('social.search.submit')}
        </button>
      </div>
      {q &&
        (results.isPending ? (
          <Loading />
        ) : results.isError ? (
          <ErrorBanner error={results.error} testId="picker-error" />
        ) : results.data.items.length === 0 ? (
          <p className="empty" data-testid="picker-empty">
            {t('social.editor.noProducts')}
          </p>
        ) : (
          <ul className="picker-list">
            {results.data.items.map((product) => (
              <li key={product.id}>
                <button type="button" className="picker-item" data-testid="picker-item" data-product-id={product.id} onClick={() => onPick(product)}>
                  {product.image && <img src={product.image} alt="" />}
                  <span className="picker-title">{product.title}</span>
                  <span className="price">{formatFen(product.price)}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      <button type="button" className="link-button" data-testid="picker-cancel" onClick={onCancel}>
        {t('social.editor.cancelTag')}
      </button>
    </section>
  );
}
