import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { REGISTRATIONS_KEY } from '../registration';
import { ProductForm } from '../components/ProductForm';
import { ApiError } from '../../../api/client';
import { shopApi } from '../api';
import { catalogApi } from '../../catalog/api';

/**
 * /shop/products/new and /shop/products/:productId/edit. Only an approved shop lists
 * products, and only its own products are edited here.
 */
export function ProductEditorPage() {
  const { t } = useTranslation();
  const { productId } = useParams();
  const registrations = useQuery({ queryKey: REGISTRATIONS_KEY, queryFn: shopApi.registrations });
  const product = useQuery({ queryKey: ['product', productId], queryFn: () => catalogApi.product(productId!), enabled: productId !== undefined });
  const title = productId ? t('editor.editTitle') : t('editor.newTitle');
  const back = { to: '/shop/products', label: t('shop.console.products') };

  const operator = registrations.data?.operators.find((candidate) => candidate.status === 'approved');
  const failed = registrations.error ?? (product.error instanceof ApiError && product.error.status === 404 ? null : product.error);
  let body;
  if (failed) body = <ErrorBanner error={failed} />;
  else if (registrations.isPending || (productId !== undefined && product.isPending)) body = <Loading />;
  else if (!operator) {
    body = (
      <Notice kind="warning" testId="editor-needs-shop">
        {t('editor.needShop')} <Link to="/shop">{t('shop.title')} ›</Link>
      </Notice>
    );
  } else if (productId !== undefined && (!product.data || product.data.operator.id !== operator.id)) {
    body = (
      <Notice kind="warning" testId="editor-not-yours">
        {t('editor.notYours')}
      </Notice>
    );
  } else body = <ProductForm key={product.data?.id ?? 'new'} operator={operator} product={product.data} />;

  return (
    <div className="page" data-testid="product-editor">
      <PageHeader title={title} back={back} />
      {body}
    </div>
  );
}
