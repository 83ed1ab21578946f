import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/Field';
import type { SkuDraft } from '../productDraft';

/** One row of the SKU table: name, price, stock, and the group-buy and bargain terms. */

export function SkuEditor({
  sku,
  index,
  canRemove,
  onChange,
  onRemove,
  error,
  onEdited,
}: {
  sku: SkuDraft;
  index: number;
  canRemove: boolean;
  onChange: (sku: SkuDraft) => void;
  onRemove: () => void;
  error: (name: string) => string | undefined;
  onEdited: (name: string) => void;
}) {
  const { t } = useTranslation();
  const name = (field: keyof SkuDraft) => `skus.${index}.${field}`;
  const bind = (field: Exclude<keyof SkuDraft, 'key' | 'id'>) => ({
    name: name(field),
    value: sku[field],
    error: error(name(field)),
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      onChange({ ...sku, [field]: event.currentTarget.value });
      onEdited(name(field));
    },
  });
  return (
    <li className="row-card" data-testid="sku-row">
      <div className="row-head">
        <h2>{t('editor.skuN', { n: index + 1 })}</h2>
        {canRemove && (
          <button type="button" className="link-button danger" data-testid="sku-remove" onClick={onRemove}>
            {t('editor.removeSku')}
          </button>
        )}
      </div>
      <Field label={t('editor.skuName')} maxLength={30} placeholder={t('editor.skuNamePlaceholder')} {...bind('name')} />
      <div className="field-pair">
        <Field label={t('editor.price')} inputMode="decimal" placeholder={t('editor.pricePlaceholder')} {...bind('price')} />
        <Field label={t('editor.stock')} inputMode="numeric" placeholder={t('editor.stockPlaceholder')} {...bind('stock')} />
      </div>
      <p className="row-subhead">{t('editor.groupBuy')}</p>
      <div className="field-pair">
        <Field label={t('editor.groupPrice')} inputMode="decimal" {...bind('groupPrice')} />
        <Field label={t('editor.groupSize')} inputMode="numeric" placeholder={t('editor.groupSizePlaceholder')} {...bind('groupSize')} />
      </div>
      <p className="row-subhead">{t('editor.bargain')}</p>
      <div className="field-pair">
        <Field label={t('editor.bargainFloor')} inputMode="decimal" {...bind('bargainFloor')} />
        <Field label={t('editor.maxHelpers')} inputMode="numeric" placeholder={t('editor.maxHelpersPlaceholder')} {...bind('maxHelpers')} />
      </div>
    </li>
  );
}
