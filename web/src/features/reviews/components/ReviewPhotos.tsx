import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { thumbnailOf } from '../../../ui/image';

/**
 * A review's photos as small tiles; a tap opens the photo large in a modal <dialog> (the page
 * behind inert, Escape or the close button ends it, focus returns to the tile).
 */
export function ReviewPhotos({ urls, testId }: { urls: readonly string[]; testId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open !== null && !element.open) element.showModal();
    if (open === null && element.open) element.close();
  }, [open]);
  if (urls.length === 0) return null;
  const shown = open === null ? undefined : urls[open];
  return (
    <>
      <ul className="review-photos" data-testid={testId}>
        {urls.map((url, i) => (
          <li key={url}>
            <button type="button" className="review-photo" aria-label={t('reviews.card.enlarge', { n: i + 1 })} data-testid={`${testId}-photo`} onClick={() => setOpen(i)}>
              <img src={thumbnailOf(url)} width={80} height={80} loading="lazy" alt="" />
            </button>
          </li>
        ))}
      </ul>
      <dialog ref={dialog} className="photo-viewer" aria-label={t('reviews.card.photoN', { n: (open ?? 0) + 1 })} data-testid={`${testId}-viewer`} onClose={() => setOpen(null)}>
        {shown && <img src={shown} alt={t('reviews.card.photoN', { n: (open ?? 0) + 1 })} />}
        <button type="button" className="button secondary" autoFocus data-testid={`${testId}-viewer-close`} onClick={() => setOpen(null)}>
          {t('reviews.card.close')}
        </button>
      </dialog>
    </>
  );
}
