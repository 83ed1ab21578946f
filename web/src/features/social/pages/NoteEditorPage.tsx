import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../../api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { ProductPicker, TagCanvas, type DraftImage } from '../components/TagPlacer';
import { errorMessage } from '../../../errors';
import { useIdempotencyKeys } from '../../../idempotency';
import { formatFen } from '../../../money';
import { FEED_KEY, NOTE_KEY, socialApi, useNote, type Note, type NoteInput } from '../../../social';

const MAX_PHOTOS = 9;
const MAX_BODY = 1000;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** A server problem's path in this form's words: `/body/images/0/tags/1/productId` → "照片 1 · 标签 2". */
function problemLabel(t: TFunction, path: string): string {
  const parts = path.split('/').filter(Boolean);
  const labels: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = Number(parts[i + 1]);
    if (part === 'images' && Number.isInteger(next)) labels.push(t('social.editor.photoN', { n: next + 1 }));
    else if (part === 'tags' && Number.isInteger(next)) labels.push(t('social.editor.tagN', { n: next + 1 }));
    else if (part === 'title') labels.push(t('social.editor.title'));
    else if (part === 'body' && i > 0) labels.push(t('social.editor.body'));
  }
  return labels.join(' · ') || path;
}

/** The API's answer in words: the message (PROHIBITED_CONTENT names the word) and each field problem. */
function SubmitError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problems = error instanceof ApiError ? error.errors : [];
  return (
    <div className="banner error" role="alert" data-testid="note-error" data-code={error instanceof ApiError ? error.code : undefined}>
      <p>{errorMessage(t, error)}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((problem) => (
            <li key={`${problem.path}:${problem.message}`}>
              {problemLabel(t, problem.path)}: {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function draftOf(note: Note): DraftImage[] {
  return note.images.map((url, i) => ({
    url,
    preview: url,
    tags: note.tags.filter((tag) => tag.image === i).map((tag) => ({ productId: tag.productId, title: tag.product.title, price: tag.product.price, x: tag.x, y: tag.y })),
  }));
}

/** Photos (1–9, uploaded one by one), tags placed by tapping a photo and picking a product, a title and a text with #话题. */
function Editor({ note }: { note?: Note }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [images, setImages] = useState<DraftImage[]>(() => (note ? draftOf(note) : []));
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<{ x: number; y: number } | null>(null);
  const [title, setTitle] = useState(note?.title ?? '');
  const [body, setBody] = useState(note?.body ?? '');
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
        const upload = await api.upload(file, file.name);
        latest.current = [...latest.current, { url: upload.url, preview: upload.url, tags: [] }];
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
          <>
            <p className="hint">{t('social.editor.photosHint')}</p>
            <TagCanvas image={current} pending={pending} onTap={setPending} />
            {pending && (
              <ProductPicker
                onCancel={() => setPending(null)}
                onPick={(product) => {
                  updateTags(index, (tags) => [...tags, { productId: product.id, title: product.title, price: product.price, ...pending }]);
                  setPending(null);
                }}
              />
            )}
            <h3>{t('social.editor.tags')}</h3>
            {current.tags.length === 0 ? (
              <p className="fine-print">{t('social.editor.noTags')}</p>
            ) : (
              <ul className="draft-tags" data-testid="draft-tags">
                {current.tags.map((tag, i) => (
                  <li key={`${tag.productId}-${i}`} data-testid="draft-tag">
                    <span>{tag.title}</span> <span className="price">{formatFen(tag.price)}</span>
                    <button type="button" className="link-button" aria-label={t('social.editor.removeTag', { title: tag.title })} onClick={() => updateTags(index, (tags) => tags.filter((_, j) => j !== i))}>
                      {t('common.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
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

/** /notes/new and /notes/:id/edit (the author's own note only; the API refuses anyone else). */
export function NoteEditorPage() {
  const { t } = useTranslation();
  const { noteId } = useParams();
  const note = useNote(noteId ?? '', Boolean(noteId));
  const title = noteId ? t('social.editor.editTitle') : t('social.editor.newTitle');
  return (
    <div className="page" data-testid="note-editor-page">
      <PageHeader title={title} back={noteId ? { to: `/notes/${noteId}`, label: t('social.note.title') } : { to: '/', label: t('nav.home') }} />
      {!noteId ? (
        <Editor />
      ) : note.isPending ? (
        <Loading />
      ) : note.isError ? (
        <>
          <ErrorBanner error={note.error} />
          <Link to="/" className="button secondary">
            {t('notFound.home')}
          </Link>
        </>
      ) : (
        <Editor note={note.data} />
      )}
    </div>
  );
}
