/**
 * The product page's group buys and bargains: buy alone or start
 * a group at the group price, the open groups to join with their seats left and a
 * live countdown, and bargains whose full rules are shown before one starts (R13).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { campaignApi, formatHms, useTimeLeft, type BargainOffer, type OpenGroup } from '../api';
import { AddressStep } from '../../orders/components/AddressStep';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import type { Product, Sku } from '../../catalog/api';

export const groupOffersKey = (productId: string) => ['group-offers', productId] as const;

/** Phone buy bar of a SKU with group terms: 「单独购买 ¥X」 beside 「发起拼团 ¥Y」. */
export function GroupBuyButtons({ sku, onBuyAlone, onStart }: { sku: Sku & { groupPrice: number }; onBuyAlone: () => void; onStart: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="button-row">
      <button type="button" className="button secondary" data-testid="product-buy-alone" disabled={sku.stock === 0} onClick={onBuyAlone}>
        {t('campaigns.group.buyAlone', { price: formatFen(sku.price) })}
      </button>
      <button type="button" className="button primary" data-testid="product-group-start" disabled={sku.stock === 0} onClick={onStart}>
        {t('campaigns.group.start', { price: formatFen(sku.groupPrice) })}
      </button>
    </div>
  );
}

/** Starting a group: the address, then the initiator's order at the group price, paid on the group's page. */
export function GroupStartSheet({ sku }: { sku: Sku & { groupSize: number } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const keys = useIdempotencyKeys();
  const open = useMutation({
    mutationFn: (input: { skuId: string; quantity: 1; addressId: string }) => keys.send(input, (key) => campaignApi.openGroup(input, key)),
    onSuccess: ({ groupBuy, order }) => void navigate(`/group-buys/${groupBuy.id}?order=${encodeURIComponent(order.id)}`),
  });
  return (
    <div className="form group-start" data-testid="group-start-sheet" ref={(node) => node?.scrollIntoView({ block: 'start' })}>
      <h2>{t('campaigns.group.offerTitle')}</h2>
      <p className="fine-print">{t('campaigns.group.startHint', { size: sku.groupSize })}</p>
      <AddressStep
        testId="group-start"
        label={t('campaigns.group.confirmStart')}
        pending={open.isPending}
        pendingLabel={t('campaigns.group.starting')}
        error={open.error}
        onConfirm={(addressId) => open.mutate({ skuId: sku.id, quantity: 1, addressId })}
      />
    </div>
  );
}

function OpenGroupLine({ group, skuName }: { group: OpenGroup; skuName: string | undefined }) {
  const { t } = useTranslation();
  const left = useTimeLeft(group.expiresAt);
  return (
    <li className="open-group" data-testid="open-group" data-group-id={group.id}>
      <div>
        <strong>{t('campaigns.group.openGroup', { name: group.initiator.displayName })}</strong>
        {skuName && <span className="muted"> · {skuName}</span>}
        <div className="sku-meta">
          <span className="group-tag" data-testid="open-group-seats">
            {t('campaigns.group.seatsLeft', { count: group.seatsLeft })}
          </span>
          <span className="muted" data-testid="open-group-countdown">
            {t('campaigns.group.endsIn', { time: formatHms(left) })}
          </span>
        </div>
      </div>
      <Link to={`/group-buys/${group.id}`} className="button primary small" data-testid="open-group-join">
        {t('campaigns.group.join')}
      </Link>
    </li>
  );
}

/** Formed groups with seats left, closing soonest first (GET /products/:id/group-offers). */
export function OpenGroups({ product }: { product: Product }) {
  const { t } = useTranslation();
  const hasOffer = product.skus.some((sku) => sku.groupPrice !== null);
  const offers = useQuery({ queryKey: groupOffersKey(product.id), queryFn: () => campaignApi.groupOffers(product.id), enabled: hasOffer, refetchInterval: 15_000 });
  const groups = (offers.data?.openGroups ?? []).filter((group) => group.seatsLeft > 0);
  if (!hasOffer || groups.length === 0) return null;
  const names = new Map(product.skus.map((sku) => [sku.id, sku.name]));
  return (
    <section className="card" data-testid="open-groups">
      <h2>{t('campaigns.group.openGroups')}</h2>
      <ul className="open-group-list">
        {groups.map((group) => (
          <OpenGroupLine key={group.id} group={group} skuName={product.skus.length > 1 ? names.get(group.skuId) : undefined} />
        ))}
      </ul>
    </section>
  );
}

/** The published rules of a bargain (R13), in the reader's language. */
export function BargainRulesList({ rules, testId }: { rules: BargainOffer['rules']; testId: string }) {
  const { i18n } = useTranslation();
  const lines = i18n.resolvedLanguage === 'en' ? rules.en : rules.zh;
  return (
    <ol className="rules-list" data-testid={testId}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ol>
  );
}

function BargainStart({ offer, guest }: { offer: BargainOffer; guest: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const keys = useIdempotencyKeys();
  const start = useMutation({
    mutationFn: () => keys.send({ skuId: offer.skuId }, (key) => campaignApi.startBargain(offer.skuId, key)),
    onSuccess: ({ bargain }) => void navigate(`/bargains/${bargain.id}`),
  });
  return (
    <li className="bargain-offer" data-testid="bargain-offer" data-sku-id={offer.skuId}>
      <p>
        <strong>{offer.skuName}</strong> <span className="bargain-tag">{t('campaigns.bargain.offer', { floor: formatFen(offer.floor), helpers: offer.maxHelpers })}</span>
      </p>
      {/* R13: the rules in full, before the bargain starts. */}
      <p className="fine-print">{t('campaigns.bargain.rulesBefore')}</p>
      <BargainRulesList rules={offer.rules} testId="bargain-offer-rules" />
      <ErrorBanner error={start.error} testId="bargain-start-error" />
      <button type="button" className="button primary" disabled={guest || start.isPending} data-testid="bargain-start" onClick={() => start.mutate()}>
        {start.isPending ? t('campaigns.bargain.starting') : t('campaigns.bargain.start')}
      </button>
    </li>
  );
}

/** Bargain offers of the product (GET /products/:id/bargain-offers), each with its rules and a start button. */
export function BargainOffers({ product, guest }: { product: Product; guest: boolean }) {
  const { t } = useTranslation();
  const hasOffer = product.skus.some((sku) => sku.bargainFloor !== null);
  const offers = useQuery({ queryKey: ['bargain-offers', product.id], queryFn: () => campaignApi.bargainOffers(product.id), enabled: hasOffer });
  if (!hasOffer || !offers.data || offers.data.items.length === 0) return null;
  return (
    <section className="card" data-testid="bargain-offers">
      <h2>{t('campaigns.bargain.offerTitle')}</h2>
      <ul className="plain-list">
        {offers.data.items.map((offer) => (
          <BargainStart key={offer.skuId} offer={offer} guest={guest} />
        ))}
      </ul>
    </section>
  );
}
