import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/errors';
import { ApiError } from '../../../api/client';

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
export function SubmitError({ error }: { error: unknown }) {
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
