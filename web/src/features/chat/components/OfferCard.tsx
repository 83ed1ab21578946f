import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen, formatFenRange } from '../../../lib/money';
import { catalogApi } from '../../catalog/api';
import { useOrder } from '../../orders/api';
import type { MessageInput } from '../api';

/**
 * 「发送商品」/「发送订单」: the product or order the reader pressed 联系客服 on, offered once at the
 * top of the composer (issue 18 item 1). Sending or dismissing it clears the offer.
 */
export function OfferCard({ product, order, busy, onSend, onDismiss }: { product?: string; order?: string; busy: boolean; onSend: (input: MessageInput) => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  const productQuery = useQuery({ queryKey: ['product', product], queryFn: () => catalogApi.product(product!), enabled: Boolean(product) });
  const orderQuery = useOrder(order ?? '', Boolean(order) && !product);
  let line: string | undefined;
  let input: MessageInput | undefined;
  let label = '';
  if (product && productQuery.data) {
    line = `${productQuery.data.title} · ${formatFenRange(productQuery.data.skus.map((sku) => sku.price))}`;
    input = { kind: 'product', productId: product };
    label = t('chat.offer.product');
  } else if (order && !product && orderQuery.data) {
    line = `${t('chat.card.orderNumber', { number: orderQuery.data.number })} · ${formatFen(orderQuery.data.total)}`;
    input = { kind: 'order', orderId: order };
    label = t('chat.offer.order');
  }
  if (!input || !line) return null;
  const chosen = input;
  return (
    <section className="chat-offer" aria-label={product ? t('chat.offer.productHint') : t('chat.offer.orderHint')} data-testid="chat-offer">
      <p className="chat-offer-line">{line}</p>
      <div className="button-row">
        <button type="button" className="button secondary" data-testid="chat-offer-dismiss" onClick={onDismiss}>
          {t('chat.offer.dismiss')}
        </button>
        <button type="button" className="button primary" disabled={busy} data-testid="chat-offer-send" onClick={() => onSend(chosen)}>
          {label}
        </button>
      </div>
    </section>
  );
}
