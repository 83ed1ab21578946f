import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { inboxApi, MESSAGE_MAX_LENGTH, QUICK_REPLIES_KEY, type Message } from './api';

/** At most one typing signal this often (the server throttles too). */
const TYPING_EVERY_MS = 3_000;

/**
 * The shop's reply box: Enter sends, Shift+Enter breaks the line; 快捷回复 puts a saved reply
 * in the box to send as it is or edited. Typing is signalled to the buyer now and then.
 */
export function Composer({ conversationId, operatorId, onSent }: { conversationId: string; operatorId: string; onSent: (message: Message) => void }) {
  const { t } = useTranslation();
  const keys = useIdempotencyKeys();
  const [text, setText] = useState('');
  const [picking, setPicking] = useState(false);
  const lastTyping = useRef(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const quickReplies = useQuery({ queryKey: [QUICK_REPLIES_KEY, operatorId], queryFn: () => inboxApi.quickReplies(operatorId), enabled: picking });
  const send = useMutation({
    mutationFn: (body: string) => keys.send({ conversationId, body }, (key) => inboxApi.send(conversationId, { kind: 'text', text: body }, key)),
    onSuccess: ({ message }) => {
      setText('');
      onSent(message);
    },
  });

  function typed(value: string) {
    setText(value);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      inboxApi.typing(conversationId).catch(() => undefined);
    }
  }
  function submit(event?: FormEvent) {
    event?.preventDefault();
    const body = text.trim();
    if (!body || send.isPending) return;
    send.mutate(body);
  }
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }
  function pick(reply: string) {
    setText(reply);
    setPicking(false);
    box.current?.focus();
  }

  return (
    <form className="inbox-composer" onSubmit={submit} data-testid="inbox-composer">
      {picking && (
        <div className="quick-picker" data-testid="quick-picker">
          {quickReplies.isPending ? null : quickReplies.data && quickReplies.data.items.length > 0 ? (
            <ul>
              {quickReplies.data.items.map((reply) => (
                <li key={reply.id}>
                  <button type="button" className="quick-pick" onClick={() => pick(reply.text)} data-testid="quick-pick">
                    {reply.text}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('shop.inbox.noQuickReplies')}</p>
          )}
        </div>
      )}
      <label htmlFor="inbox-text" className="visually-hidden">
        {t('shop.inbox.composer')}
      </label>
      <textarea
        id="inbox-text"
        ref={box}
        rows={3}
        maxLength={MESSAGE_MAX_LENGTH}
        value={text}
        placeholder={t('shop.inbox.placeholder')}
        onChange={(event) => typed(event.target.value)}
        onKeyDown={onKeyDown}
        data-testid="inbox-text"
      />
      <ErrorBanner error={send.error} testId="inbox-send-error" />
      <div className="button-row">
        <button type="button" className="button secondary" aria-expanded={picking} onClick={() => setPicking(!picking)} data-testid="quick-replies-toggle">
          {t('shop.inbox.quickReplies')}
        </button>
        <button type="submit" className="button primary" disabled={send.isPending || !text.trim()} data-testid="inbox-send">
          {send.isPending ? t('shop.inbox.sending') : t('shop.inbox.send')}
        </button>
      </div>
    </form>
  );
}
