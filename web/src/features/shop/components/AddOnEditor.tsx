import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/Field';
import type { AddOnDraft } from '../productDraft';

/** One optional add-on (R7): title and price. */

export function AddOnEditor({
  addOn,
  index,
  onChange,
  onRemove,
  error,
  onEdited,
}: {
  addOn: AddOnDraft;
  index: number;
  onChange: (addOn: AddOnDraft) => void;
  onRemove: () => void;
  error: (name: string) => string | undefined;
  onEdited: (name: string) => void;
}) {
  const { t } = useTranslation();
  const name = (field: 'title' | 'price') => `addOns.${index}.${field}`;
  return (
    <li className="row-card" data-testid="addon-row">
      <div className="row-head">
        <h2>{t('editor.addOnN', { n: index + 1 })}</h2>
        <button type="button" className="link-button danger" data-testid="addon-remove" onClick={onRemove}>
          {t('editor.removeAddOn')}
        </button>
      </div>
      <div className="field-pair">
        <Field
          name={name('title')}
          label={t('editor.addOnTitle')}
          maxLength={40}
          value={addOn.title}
          error={error(name('title'))}
          onChange={(event) => {
            onChange({ ...addOn, title: event.currentTarget.value });
            onEdited(name('title'));
          }}
        />
        <Field
          name={name('price')}
          label={t('editor.addOnPrice')}
          inputMode="decimal"
          value={addOn.price}
          error={error(name('price'))}
          onChange={(event) => {
            onChange({ ...addOn, price: event.currentTarget.value });
            onEdited(name('price'));
          }}
        />
      </div>
    </li>
  );
}
