import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { noteDraftState } from '../../social/noteDraft';
import type { OrderItem } from '../../orders/api';
import type { PostedReview } from '../api';

/** The longest note title (POST /notes). */
const NOTE_TITLE_MAX = 40;

/**
 * 「发布为笔记」: opens the note editor with the review's text and photos and a tag of the
 * product bought (issue 17 item 2: the social link). Nothing is published until the author
 * does it there; the tag shows "verified purchase" because they bought it (R11).
 */
export function AsNoteButton({ review, item }: { review: Pick<PostedReview, 'text' | 'images'>; item: Pick<OrderItem, 'productId' | 'title' | 'unitPrice'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = () =>
    void navigate(
      '/notes/new',
      noteDraftState({
        title: Array.from(item.title).slice(0, NOTE_TITLE_MAX).join(''),
        body: review.text ?? '',
        images: review.images,
        tag: { productId: item.productId, title: item.title, price: item.unitPrice },
      }),
    );
  return (
    <button type="button" className="button secondary" data-testid="review-as-note" onClick={open}>
      {t('reviews.order.asNote')}
    </button>
  );
}
