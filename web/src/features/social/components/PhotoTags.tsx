import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../lib/money';
import { ProductPicker, TagCanvas, type DraftImage, type DraftTag } from './TagPlacer';

/** The selected photo: tap it to place a tag, pick the tagged product, see and remove the photo's tags. */
export function PhotoTags({
  image,
  pending,
  onPending,
  onAdd,
  onRemove,
}: {
  image: DraftImage;
  pending: { x: number; y: number } | null;
  onPending: (at: { x: number; y: number } | null) => void;
  onAdd: (tag: DraftTag) => void;
  onRemove: (index: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="hint">{t('social.editor.photosHint')}</p>
      <TagCanvas image={image} pending={pending} onTap={onPending} />
      {pending && (
        <ProductPicker
          onCancel={() => onPending(null)}
          onPick={(product) => {
            onAdd({ productId: product.id, title: product.title, price: product.price, ...pending });
            onPending(null);
          }}
        />
      )}
      <h2>{t('social.editor.tags')}</h2>
      {image.tags.length === 0 ? (
        <p className="fine-print">{t('social.editor.noTags')}</p>
      ) : (
        <ul className="draft-tags" data-testid="draft-tags">
          {image.tags.map((tag, i) => (
            <li key={`${tag.productId}-${i}`} data-testid="draft-tag">
              <span>{tag.title}</span> <span className="price">{formatFen(tag.price)}</span>
              <button type="button" className="link-button" aria-label={t('social.editor.removeTag', { title: tag.title })} onClick={() => onRemove(i)}>
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
