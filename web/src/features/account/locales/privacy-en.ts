import type { Messages } from '../../../app/locales/zh-CN';

/** English texts of the privacy centre: the same keys as privacy-zh-CN.ts. */
export const privacyEn: Messages['privacyCentre'] = {
  purposes: {
    personalised_feed: 'Personalised recommendations',
    marketing: 'Receive marketing messages',
    share_with_operator_marketing: 'Shops I bought from may text me offers through Agora',
    sensitive_identity: 'Processing of sensitive information (identity number, real name)',
  },
  version: 'Text version {{version}}',
  answeredOlder: 'You agreed to an older text ({{version}}); read the new one and turn it on again.',
  sensitive: {
    title: 'Separate consent for sensitive information',
    hint: 'Asked on its own before identity verification.',
    agree: 'I have read the text above and agree to it separately',
    required: 'Tick the box to agree to the processing of sensitive information first.',
  },
  accessLog: {
    title: 'Who read my personal information',
    intro: 'Every read of your personal information by anyone but you is listed here: who (role and shop), when, which fields and why.',
    empty: 'Nobody has read your personal information yet.',
    more: 'Load more',
    roles: {
      operator: 'Shop',
      admin: 'Platform staff',
      service_provider: 'Service provider',
      regulator: 'Regulator',
      user: 'User',
    },
    fields: {
      phone: 'Phone number',
      real_name: 'Real name',
      id_number: 'Identity number',
      address: 'Shipping address',
      operator_contact: 'Shop contact',
      operator_address: 'Shop address',
      operator_legal_rep: 'Legal representative',
      provider_contact: 'Provider contact',
      provider_address: 'Provider address',
      return_address: 'Return address',
      chat_message: 'Original text of a chat message',
    },
    why: 'Why: {{reason}}',
    reasons: {
      ship_order: 'To ship your order, read the shipping address',
      masked_order_view: 'Looked at a {{status}} order; the address was masked (not shown in full)',
      operator_review: 'Reviewing your shop application',
      provider_review: 'Reviewing your service provider application',
      after_sale_return: 'A buyer returning goods was shown your shop’s return address',
      chat_evidence: 'Platform staff read the original text of your chat message to settle a dispute or report',
      staff_request: 'Platform staff stated: {{note}}',
    },
    orderLink: 'View the order',
    otherField: 'Other personal information',
  },
  export: {
    title: 'Export my data',
    intro: 'Download everything Agora holds about you: account, personal information, consents, orders, wallet lines, notes, comments, likes, collects, follows, group buys, bargains, disputes and who read your data.',
    json: 'Download JSON',
    zip: 'Download ZIP (with my uploaded images)',
  },
};
