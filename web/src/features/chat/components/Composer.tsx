import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { useImageUploads } from '../../../api/uploads';
import { chatApi, MAX_TEXT, type Message, type MessageInput } from '../api';
import { ChatError } from './ChatError';

/** At most one typing notice per this long, however fast the keys go (the server throttles too). */
const TYPING_EVERY_MS = 3000;

/** Sends one message of any kind, with its own Idempotency-Key (a retry after a lost answer sends it once). */
export function useSendMessage(conversationId: string, onSent: (message: Message) => void) {
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: (input: MessageInput) => keys.send(input, (key) => chatApi.send(conversationId, input, key)),
    onSuccess: ({ message }) => onSent(message),
  });
}

/**
 * The box at the bottom of the thread: text (up to 2,000 characters), a photo from the
 * reader's device (uploaded first, as notes and reviews do), and the typing notice to the shop.
 */
export function Composer({ conversationId, send }: { conversationId: string; send: ReturnType<typeof useSendMessage> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const typedAt = useRef(0);
  const inputId = useId();
  const fileId = useId();
  const uploads = useImageUploads({ room: () => 1, onUploaded: (upload) => send.mutate({ kind: 'image', image: upload.url }) });
  const trimmed = text.trim();

  const submit = () => {
    if (!trimmed || send.isPending) return;
    send.mutate({ kind: 'text', text: trimmed }, { onSuccess: () => setText('') });
  };
  const typing = () => {
    const now = Date.now();
    if (now - typedAt.current < TYPING_EVERY_MS) return;
    typedAt.current = now;
    chatApi.typing(conversationId).catch(() => undefined); // a lost typing notice matters to no one
  };

  return (
    <form
      className="chat-composer"
      data-testid="chat-composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <ChatError error={send.error} testId="chat-send-error" />
      {uploads.failures.map((failure) => (
        <p key={failure} className="field-error" role="alert" data-testid="chat-upload-error">
          {failure}
        </p>
      ))}
      {uploads.uploading > 0 && (
        <p className="muted" role="status">
          {t('chat.composer.uploading')}
        </p>
      )}
      <div className="chat-composer-row">
        <label className="button secondary chat-photo" htmlFor={fileId}>
          <span aria-hidden="true">＋</span>
          <span className="visually-hidden">{t('chat.composer.image')}</span>
        </label>
        <input id={fileId} className="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp" data-testid="chat-image-input" onChange={(event) => void uploads.onFiles(event)} />
        <label htmlFor={inputId} className="visually-hidden">
          {t('chat.composer.label')}
        </label>
        <textarea
          id={inputId}
          rows={1}
          maxLength={MAX_TEXT}
          value={text}
          placeholder={t('chat.composer.placeholder')}
          data-testid="chat-input"
          onChange={(event) => {
            setText(event.target.value);
            typing();
          }}
          onKeyDown={(event) => {
            // Enter sends on a keyboard; Shift+Enter (and a phone's return key inside IME composition) adds a line.
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" className="button primary" disabled={!trimmed || send.isPending} data-testid="chat-send">
          {send.isPending ? t('chat.thread.sending') : t('chat.composer.send')}
        </button>
      </div>
      {text.length > MAX_TEXT * 0.9 && (
        <small className="muted" aria-live="polite">
          {t('chat.composer.count', { count: text.length, max: MAX_TEXT })}
        </small>
      )}
    </form>
  );
}
