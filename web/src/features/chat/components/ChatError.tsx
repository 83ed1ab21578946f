import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { chatErrorMessage } from '../errors';

/** A failed chat call in words (errors.ts), announced to screen readers. */
export function ChatError({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="banner error" role="alert" data-testid={testId} data-code={error instanceof ApiError ? error.code : undefined}>
      <p>{chatErrorMessage(t, error)}</p>
    </div>
  );
}
