/**
 * R16 (E-Commerce Law arts. 58–63): the security deposit has a published amount,
 * use and refund rule. The amount per category lives with the categories (catalog);
 * this is the rest of the published rule.
 */
export const DEPOSIT_RULE = {
  publishedAt: '2026-11-28',
  howRequiredIsSet: {
    zh: '店铺应缴保证金为其在售商品所属类目中最高的类目保证金；尚未上架商品的店铺按“综合”类目计。',
    en: 'The required deposit is the highest deposit among the categories the shop sells in; a shop with no products yet owes the General category’s.',
  },
  uses: [
    { zh: '先行赔付消费者：平台裁决经营者应承担的退款与赔偿，首先从保证金中支付。', en: 'Compensating buyers first: refunds and compensation the platform rules against the operator are paid from the deposit first.' },
    { zh: '人身损害赔偿（D6）：商品或服务造成人身损害时的赔偿。', en: 'Compensation for personal injury caused by a product or service (D6).' },
    { zh: '经营者违反平台规则被处以的违约金。', en: 'Penalties for breaches of the published platform rules.' },
  ],
  refund: {
    zh: '店铺关闭生效且无未结订单、未结纠纷后 30 日内，余额原路退还；被用于赔付的部分须在 15 日内补足，否则暂停新订单。',
    en: 'The balance is returned within 30 days after the shop’s closure takes effect with no open orders or disputes; any amount used for compensation must be topped up within 15 days, or new orders stop.',
  },
} as const;

/** The deposit a shop owes: the highest of its categories' deposits, at least `base`. */
export function requiredDeposit(categoryDeposits: readonly number[], base: number): number {
  return Math.max(base, ...categoryDeposits);
}
