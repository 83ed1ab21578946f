import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Notice } from '../../../ui/Notice';
import { errorMessage } from '../../../api/errors';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { FEED_KEY, NOTE_KEY, socialApi, type Note, type NoteInput } from '../api';
import { SubmitError } from './NoteSubmitError';
import { PhotoTags } from './PhotoTags';
import type { DraftImage } from './TagPlacer';
import { uploadApi } from '../../../api/uploads';
import { placeTag, type NoteDraft } from '../noteDraft';

const MAX_PHOTOS = 9;
const MAX_BODY = 1000;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

function draftOf(note: Note): DraftImage[] {
  return note.images.map((url, i) => ({
    url,
    preview: url,
    tags: note.tags.filter((tag) => tag.image === i).map((tag) => ({ productId: tag.productId, title: tag.product.title, price: tag.product.price, x: tag.x, y: tag.y })),
  }));
}

/** A draft handed over from elsewhere (a review): its photos, the product tag on the first one. */
function draftImagesOf(draft: NoteDraft): DraftImage[] {
  return draft.images.slice(0, MAX_PHOTOS).map((url, i) => ({ url, preview: url, tags: i === 0 && draft.tag ? [placeTag(draft.tag)] : [] }));
}

/**
 * Photos (1–9, uploaded one by one), tags placed by tapping a photo and picking a product, a title and a text with #话题.
 * A new note may start from a `draft` (noteDraft.ts): without photos, its tag goes on the first photo added.
 */
export function NoteEditor({ note, draft }: { note?: Note; draft?: NoteDraft }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [images, setImages] = useState<DraftImage[]>(() => (note ? draftOf(note) : draft ? draftImagesOf(draft) : []));
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<{ x: number; y: number } | null>(null);
  const [title, setTitle] = useState(note?.title ?? draft?.title ?? '');
  const [body, setBody] = useState(note?.body ?? draft?.body ?? '');
  const [uploading, setUploading] = useState(0);
  const [uploadErrors, setUploadErrors] = useState<string[]>([]);
  const [missing, setMissing] = useState<string | null>(null);
  const latest = useRef(images);
  latest.current = images;
  const current = images[Math.min(selected, images.length - 1)];

  const save = useMutation({
    mutationFn: (input: NoteInput) => (note ? socialApi.updateNote(note.id, input) : keys.send(input, (key) => socialApi.createNote(input, key))),
    onSuccess: async ({ note: saved }) => {
      queryClient.setQueryData([NOTE_KEY, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: [FEED_KEY] });
      void navigate(`/notes/${saved.id}`, { replace: Boolean(note) });
    },
  });

  async function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []).filter((file) => IMAGE_TYPES.has(file.type));
    input.value = '';
    const accepted = files.slice(0, Math.max(0, MAX_PHOTOS - latest.current.length));
    const problems: string[] = [];
    setUploading(accepted.length);
    for (const file of accepted) {
      try {
        const upload = await uploadApi.upload(file, file.name);
        const tags = latest.current.length === 0 && draft?.tag && !note ? [placeTag(draft.tag)] : [];
        latest.current = [...latest.current, { url: upload.url, preview: upload.url, tags }];
        setImages(latest.current);
        setSelected(latest.current.length - 1);
      } catch (error) {
        problems.push(`${file.name}: ${errorMessage(t, error)}`);
      } finally {
        setUploading((n) => n - 1);
      }
    }
    setUploadErrors(problems);
  }

  function updateTags(index: number, change: (tags: DraftImage['tags']) => DraftImage['tags']) {
    setImages((all) => all.map((image, i) => (i === index ? { ...image, tags: change(image.tags) } : image)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (images.length === 0) return setMissing(t('social.editor.needPhoto'));
    if (!title.trim()) return setMissing(t('social.editor.needTitle'));
    if (!body.trim()) return setMissing(t('social.editor.needBody'));
    setMissing(null);
    save.mutate({
      title: title.trim(),
      body,
      images: images.map((image) => ({ url: image.url, tags: image.tags.map(({ productId, x, y }) => ({ productId, x, y })) })),
    });
  }

  const index = Math.min(selected, images.length - 1);
  return (
    <form className="form note-editor" onSubmit={submit} noValidate data-testid="note-editor">
      <fieldset className="form-section">
        <legend>{t('social.editor.photos')}</legend>
        <ul className="image-tiles">
          {images.map((image, i) => (
            <li key={image.url} className={i === index ? 'image-tile selected' : 'image-tile'} data-testid="photo-tile">
              <button type="button" className="tile-pick" aria-pressed={i === index} aria-label={t('social.editor.photoN', { n: i + 1 })} onClick={() => (setSelected(i), setPending(null))}>
                <img src={image.preview} alt="" />
                {image.tags.length > 0 && <span className="cover-label">{image.tags.length}</span>}
              </button>
              <button
                type="button"
                className="tile-remove"
                aria-label={t('social.editor.removePhoto', { n: i + 1 })}
                data-testid="photo-remove"
                onClick={() => {
                  setImages((all) => all.filter((_, j) => j !== i));
                  setPending(null);
                }}
              >
                ×
              </button>
            </li>
          ))}
          {Array.from({ length: uploading }, (_, i) => (
            <li key={`uploading-${i}`} className="image-tile uploading" data-testid="photo-uploading">
              <span className="spinner" aria-hidden="true" />
            </li>
          ))}
          {images.length + uploading < MAX_PHOTOS && (
            <li className="image-tile add">
              <label className="image-add">
                <input type="file" accept="image/jpeg,image/png,image/webp" multiple className="visually-hidden" data-testid="photo-input" onChange={(event) => void onFiles(event)} />
                <span aria-hidden="true">＋</span>
                <span>{t('social.editor.addPhotos')}</span>
              </label>
            </li>
          )}
        </ul>
        {uploadErrors.length > 0 && (
          <div className="banner error" role="alert" data-testid="upload-error">
            <ul>
              {uploadErrors.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        {current && (
          <PhotoTags
            image={current}
            pending={pending}
            onPending={setPending}
            onAdd={(tag) => updateTags(index, (tags) => [...tags, tag])}
            onRemove={(i) => updateTags(index, (tags) => tags.filter((_, j) => j !== i))}
          />
        )}
      </fieldset>
      <label className="field">
        <span>{t('social.editor.title')}</span>
        <input value={title} maxLength={40} placeholder={t('social.editor.titlePlaceholder')} data-testid="note-title-input" onChange={(event) => setTitle(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('social.editor.body')}</span>
        <textarea value={body} rows={6} maxLength={MAX_BODY} placeholder={t('social.editor.bodyPlaceholder')} data-testid="note-body-input" onChange={(event) => setBody(event.target.value)} />
        <small className="hint">{t('social.editor.bodyCount', { count: Array.from(body).length })}</small>
      </label>
      {note?.isAd && <Notice testId="note-ad-locked">{t('social.editor.adLocked')}</Notice>}
      {missing && (
        <Notice kind="warning" testId="note-missing-input">
          {missing}
        </Notice>
      )}
      <SubmitError error={save.error} />
      <button type="submit" className="button primary" disabled={save.isPending || uploading > 0} data-testid="note-submit">
        {save.isPending ? t('social.editor.publishing') : note ? t('social.editor.save') : t('social.editor.publish')}
      </button>
    </form>
  );
}
