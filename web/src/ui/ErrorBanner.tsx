import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage, fieldProblems } from '../api/errors';
import { ApiError } from '../api/client';

/** Where to go to fix a failure, e.g. IDENTITY_REQUIRED → the identity page. */
export interface ErrorLink {
  to: string;
  label: string;
  testId?: string;
}

/**
 * A failed request, in words: the translated message and, for bad input, which fields.
 * `links` adds a way out for some codes (keyed by the problem's `code`).
 */
export function ErrorBanner({ error, testId = 'form-error', links }: { error: unknown; testId?: string; links?: Partial<Record<string, ErrorLink>> }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problems = fieldProblems(t, error);
  const link = error instanceof ApiError ? links?.[error.code] : undefined;
  return (
    <div className="banner error" role="alert" data-testid={testId} data-code={error instanceof ApiError ? error.code : undefined}>
      <p>
        {errorMessage(t, error)}
        {link && (
          <>
            {' '}
            <Link to={link.to} data-testid={link.testId}>
              {link.label} ›
            </Link>
          </>
        )}
      </p>
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
