/**
 * The published text of each consent, in both languages the app speaks, with its
 * version (PIPL arts. 14, 17: consent is informed, so what the user saw is kept with
 * the answer). Changing a text means a new version here; a grant sent against an
 * older version is refused (CONSENT_TEXT_CHANGED) so the user reads the new one first.
 */
import type { ConsentPurpose } from './tables.js';

export interface ConsentText {
  version: string;
  'zh-CN': string;
  en: string;
}

export const CONSENT_TEXTS: Readonly<Record<ConsentPurpose, ConsentText>> = {
  personalised_feed: {
    version: '2026-01',
    'zh-CN': '根据我的关注、点赞和收藏为我排序"发现"页的笔记。关闭后立即改为与所有人相同的排序；价格不会因人而异。',
    en: 'Rank the notes on my Discover page by whom I follow, like and collect. Turning it off switches at once to the ranking everyone sees; prices never differ by who is looking.',
  },
  marketing: {
    version: '2026-01',
    'zh-CN': 'Agora 平台可以向我的手机号发送促销短信。撤回后不再发送任何营销短信，包括已排队但尚未发出的。',
    en: 'Agora may send promotional text messages to my phone. After I withdraw, no marketing message is sent, including those queued but not yet sent.',
  },
  share_with_operator_marketing: {
    version: '2026-01',
    'zh-CN': '我购买过的店铺可以通过 Agora 平台向我发送营销短信。店铺看不到我的手机号，也不知道消息发给了谁。',
    en: 'Shops I have bought from may send me marketing text messages through Agora. The shop never sees my phone number nor learns who received the message.',
  },
  sensitive_identity: {
    version: '2026-03',
    'zh-CN':
      '我同意 Agora 处理我的身份证号码和真实姓名（敏感个人信息），仅用于实名认证、未成年人保护和支付安全。信息加密保存，不向店铺或其他第三方提供。',
    en: 'I agree that Agora processes my identity number and real name (sensitive personal information) only to verify my identity, protect minors and secure payments. They are stored encrypted and never given to shops or other third parties.',
  },
  // 问大家 (issue 18): off until granted, like every purpose here. Inviting a buyer uses
  // their purchase record for something no order needs (PIPL art. 13: not necessary to
  // perform the contract), so it rests on consent, which must be given by a clear act
  // (art. 14): a default of "on" would be consent by silence.
  qa_invitations: {
    version: '2026-12',
    'zh-CN': '有人在"问大家"里提问我买过并已收货的商品时，平台可以在站内通知中邀请我回答。提问者看不到被邀请的是谁；关闭后不再邀请。',
    en: 'When someone asks about a product I bought and received (Ask buyers), Agora may invite me to answer with an in-app notice. The asker never learns who was invited; after I turn this off, no more invitations are sent.',
  },
};
