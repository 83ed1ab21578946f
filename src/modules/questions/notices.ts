/** What a recent buyer is told when someone asks about a product they received. zh-CN; the web translates by `kind`. */
import type { NotifyInput } from '../notifications/index.js';

type Notice = Omit<NotifyInput, 'userId'>;

export const notices = {
  /** Links to the question itself, where the answer form is. */
  invitation: (question: { id: string; product_id: string }, productTitle: string): Notice => ({
    kind: 'question.invitation',
    title: '有人向您请教',
    body: `有人在"问大家"里问了您买过的「${productTitle}」，来分享您的使用体验吧`,
    link: `/products/${question.product_id}/questions?q=${question.id}`,
  }),
};
