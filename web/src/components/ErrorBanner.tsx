import { useTranslation } from 'react-i18next';
import { errorMessage, fieldProblems } from '../errors';

/** A failed request, in words: the translated message and, for bad input, which fields. */
export function ErrorBanner({ error, testId = 'form-error' }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problems = fieldProblems(t, error);
  return (
    <div className="banner error" role="alert" data-testid={testId}>
      <p>{errorMessage(t, error)}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((problem) => (
            <li key={`${problem.field}:${problem.message}`}>
              {problem.field}: {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
