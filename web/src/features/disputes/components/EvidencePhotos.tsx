import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useImageUploads } from '../../../api/uploads';

/** API.md "Disputes": evidence is at most 9 uploaded images per claim or message. */
export const MAX_EVIDENCE = 9;

/**
 * Evidence photos for a dispute or a message: each is uploaded (POST /uploads) as it
 * is picked, so what is sent is only the URLs of the caller's own images (the
 * server refuses anyone else's).
 */
export function EvidencePhotos({
  photos,
  onChange,
  onBusy,
  testId,
  photoLabel,
}: {
  photos: string[];
  onChange: (photos: string[]) => void;
  /** Told how many uploads are still running, so the form can wait for them. */
  onBusy: (uploading: number) => void;
  testId: string;
  /** Each photo's alternative text (evidence photos by default: reviews share this picker). */
  photoLabel?: (n: number) => string;
}) {
  const { t } = useTranslation();
  const label = photoLabel ?? ((n: number) => t('disputes.photos.photoN', { n }));
  const latest = useRef(photos);
  latest.current = photos;
  const { uploading, failures, onFiles } = useImageUploads({
    room: () => MAX_EVIDENCE - latest.current.length,
    onUploaded: (upload) => {
      latest.current = [...latest.current, upload.url];
      onChange(latest.current);
    },
  });
  useEffect(() => onBusy(uploading), [uploading, onBusy]);

  return (
    <div data-testid={testId}>
      <ul className="image-tiles">
        {photos.map((url, i) => (
          <li key={url} className="image-tile" data-testid={`${testId}-tile`}>
            <img src={url} alt={label(i + 1)} />
            <button
              type="button"
              className="tile-remove"
              aria-label={t('disputes.photos.remove', { n: i + 1 })}
              data-testid={`${testId}-remove`}
              onClick={() => onChange(photos.filter((other) => other !== url))}
            >
              ×
            </button>
          </li>
        ))}
        {Array.from({ length: uploading }, (_, i) => (
          <li key={`uploading-${i}`} className="image-tile uploading" data-testid={`${testId}-uploading`}>
            <span className="spinner" aria-hidden="true" />
            <span className="visually-hidden">{t('disputes.photos.uploading')}</span>
          </li>
        ))}
        {photos.length + uploading < MAX_EVIDENCE && (
          <li className="image-tile add">
            <label className="image-add">
              <input type="file" accept="image/jpeg,image/png,image/webp" multiple className="visually-hidden" data-testid={`${testId}-input`} onChange={(event) => void onFiles(event)} />
              <span aria-hidden="true">＋</span>
              <span>{t('disputes.photos.add')}</span>
            </label>
          </li>
        )}
      </ul>
      {failures.length > 0 && (
        <div className="banner error" role="alert" data-testid={`${testId}-error`}>
          <ul>
            {failures.map((failure) => (
              <li key={failure}>{failure}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Evidence already on a case: thumbnails that open the full image. */
export function EvidenceList({ urls, testId }: { urls: string[]; testId: string }) {
  const { t } = useTranslation();
  if (urls.length === 0) return null;
  return (
    <ul className="image-tiles" data-testid={testId}>
      {urls.map((url, i) => (
        <li key={url} className="image-tile">
          <a href={url} target="_blank" rel="noreferrer">
            <img src={url} alt={t('disputes.photos.photoN', { n: i + 1 })} />
          </a>
        </li>
      ))}
    </ul>
  );
}
