import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_IMAGES, type ProductDraft } from '../productDraft';
import { useImageUploads } from '../../../api/uploads';

/** Images: upload several at once (POST /uploads, one by one), see thumbnails, remove any; the first is the cover. */
export function ProductImagesEditor({ images, onChange, problem }: { images: ProductDraft['images']; onChange: (images: ProductDraft['images']) => void; problem: string | undefined }) {
  const { t } = useTranslation();
  const latest = useRef(images);
  latest.current = images;
  const { uploading, failures, onFiles } = useImageUploads({
    room: () => MAX_IMAGES - latest.current.length,
    onUploaded: (upload) => {
      latest.current = [...latest.current, { url: upload.url, preview: upload.thumbnailUrl }];
      onChange(latest.current);
    },
  });

  return (
    <fieldset className="form-section" data-testid="images-editor">
      <legend>{t('editor.images')}</legend>
      <p className="hint">{t('editor.imagesHint')}</p>
      <ul className="image-tiles">
        {images.map((image, i) => (
          <li key={image.url} className="image-tile" data-testid="image-tile">
            <img src={image.preview} alt={t('product.imageN', { n: i + 1 })} />
            {i === 0 && <span className="cover-label">{t('editor.cover')}</span>}
            <button
              type="button"
              className="tile-remove"
              aria-label={t('editor.removeImage', { n: i + 1 })}
              data-testid="image-remove"
              onClick={() => onChange(images.filter((other) => other.url !== image.url))}
            >
              ×
            </button>
          </li>
        ))}
        {Array.from({ length: uploading }, (_, i) => (
          <li key={`uploading-${i}`} className="image-tile uploading" data-testid="image-uploading">
            <span className="spinner" aria-hidden="true" />
            <span className="visually-hidden">{t('editor.uploading')}</span>
          </li>
        ))}
        {images.length + uploading < MAX_IMAGES && (
          <li className="image-tile add">
            <label className="image-add">
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp"
                multiple
                className="visually-hidden"
                data-testid="image-input"
                onChange={(event) => void onFiles(event)}
              />
              <span aria-hidden="true">＋</span>
              <span>{t('editor.addImages')}</span>
            </label>
          </li>
        )}
      </ul>
      {problem && (
        <small className="field-error" data-testid="images-error">
          {problem}
        </small>
      )}
      {failures.length > 0 && (
        <div className="banner error" role="alert" data-testid="upload-error">
          <ul>
            {failures.map((failure) => (
              <li key={failure}>{failure}</li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
