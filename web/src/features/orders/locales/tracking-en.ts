import type { trackingZhCN } from './tracking-zh-CN';

/** English texts of parcel tracking: the same keys as tracking-zh-CN.ts. */
export const trackingEn: typeof trackingZhCN = {
  tracking: {
    title: 'Parcel tracking',
    parcel: '{{carrier}} · tracking number',
    copy: 'Copy number',
    copied: 'Tracking number copied.',
    copyFailed: 'Could not copy: press and hold the number to copy it.',
    current: 'Now',
    kinds: {
      picked_up: 'Picked up',
      in_transit: 'In transit',
      out_for_delivery: 'Out for delivery',
      delivered: 'Delivered',
      exception: 'Problem',
    },
    waiting: 'Awaiting pickup',
    untracked: 'This carrier’s tracking is not shown on Agora: look the number up with the carrier.',
    deliveredCountdown: 'Delivered · receipt is confirmed automatically in {{days}} day(s)',
    deliveredSoon: 'Delivered · receipt will be confirmed automatically soon',
    deliveredHint: 'Once the goods are here and as described, you can confirm receipt now.',
    exceptionTitle: 'A problem with the parcel',
    exceptionBody: 'The carrier reported a problem. Receipt is not confirmed automatically until it is solved; if it drags on, contact the shop or ask for after-sales help.',
    live: 'Tracking updates by itself.',
    show: 'Track the parcel',
    eventAt: '{{place}} · {{time}}',
    errors: {
      UNKNOWN_CARRIER: 'This carrier cannot be chosen now: pick another, or choose “Another carrier” and type its name.',
      TRACKING_NUMBER_IN_USE: 'This carrier already has a parcel on its way with this tracking number: check the number.',
      NOT_A_LOGISTICS_PROVIDER: 'API keys are issued only to approved logistics providers.',
      NOT_SHIPPED: 'The order has not shipped yet: no tracking so far.',
    },
  },
  shipForm: {
    carrier: 'Carrier',
    chooseCarrier: 'Choose a carrier.',
    other: 'Another carrier',
    otherName: 'Carrier name',
    tracked: 'This carrier sends its tracking to Agora: the buyer sees it live.',
    untracked: 'Tracking of other carriers is not shown to the buyer.',
  },
};
