import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useNote } from '../api';
import { NoteEditor } from '../components/NoteEditor';
import { readNoteDraft } from '../noteDraft';

/** /notes/new and /notes/:id/edit (the author's own note only; the API refuses anyone else). */
export function NoteEditorPage() {
  const { t } = useTranslation();
  const { noteId } = useParams();
  // A review published as a note arrives with its text, photos and product tag (noteDraft.ts).
  const draft = readNoteDraft(useLocation().state);
  const note = useNote(noteId ?? '', Boolean(noteId));
  const title = noteId ? t('social.editor.editTitle') : t('social.editor.newTitle');
  return (
    <div className="page" data-testid="note-editor-page">
      <PageHeader title={title} back={noteId ? { to: `/notes/${noteId}`, label: t('social.note.title') } : { to: '/', label: t('nav.home') }} />
      {!noteId && draft && <Notice kind="info" testId="note-prefilled">{t('reviews.note.prefilled')}</Notice>}
      {!noteId ? (
        <NoteEditor {...(draft ? { draft } : {})} />
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
        <NoteEditor note={note.data} />
      )}
    </div>
  );
}
