/**
 * What the buyer and the shop are told when the platform decides a shop's appeal
 * (R11). Titles and bodies are zh-CN (the web translates by `kind`).
 */
import type { NotifyInput } from '../notifications/index.js';
import type { ReviewRow } from './repo.js';

type Notice = Omit<NotifyInput, 'userId'>;

export const notices = {
  /** To the buyer: the platform hid its review, and why. */
  hidden: (review: ReviewRow, reason: string): Notice => ({
    kind: 'review.hidden',
    title: '您的评价已被平台隐藏',
    body: `您对「${review.product_title}」的评价经平台审核后已隐藏。原因：${reason}`,
    link: `/orders/${review.order_id}`,
  }),

  /** To the shop's owner: the outcome of its appeal. */
  appealDecided: (review: ReviewRow, upheld: boolean, reason: string): Notice => ({
    kind: 'review.appeal_decided',
    title: upheld ? '评价申诉成立' : '评价申诉未通过',
    body: upheld ? `平台已隐藏「${review.product_title}」的这条评价。说明：${reason}` : `「${review.product_title}」的这条评价将继续展示。说明：${reason}`,
    // The shop console (web/src/features/shop): its reviews section.
    link: '/shop/reviews',
  }),
};
