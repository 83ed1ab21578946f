import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { categoryName, PRODUCTS_KEY, returnNote, useCategories, type Product } from '../../catalog/api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, SelectField, TextAreaField } from '../../../ui/Field';
import { problemKey } from '../../../api/errors';
import { formatFen } from '../../../lib/money';
import {
  checkDraft,
  draftOf,
  emptyAddOn,
  emptyDraft,
  emptySku,
  MAX_ADD_ONS,
  MAX_SKUS,
  type DraftProblem,
  type DraftProblems,
  type ProductDraft,
} from '../productDraft';
import { revealFirstProblem } from '../../../ui/reveal';
import type { NavigationState } from '../../../app/session';
import { AddOnEditor } from './AddOnEditor';
import { ProductImagesEditor } from './ProductImagesEditor';
import { SkuEditor } from './SkuEditor';
import { ApiError } from '../../../api/client';
import { shopApi, type Operator } from '../api';

/** The form itself, for a new product (`product` absent) or an existing one. */
export function ProductForm({ operator, product }: { operator: Operator; product: Product | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [draft, setDraft] = useState<ProductDraft>(() => (product ? draftOf(product) : emptyDraft()));
  const [problems, setProblems] = useState<DraftProblems>({});
  const formRef = useRef<HTMLFormElement>(null);
  const language = i18n.resolvedLanguage;

  const save = useMutation({
    mutationFn: (input: NonNullable<ReturnType<typeof checkDraft>['input']>) =>
      product ? shopApi.updateProduct(product.id, input) : shopApi.createProduct(operator.id, input),
    onSuccess: ({ product: saved }) => {
      queryClient.setQueryData(['product', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: [PRODUCTS_KEY] });
      void queryClient.invalidateQueries({ queryKey: ['deposit', operator.id] });
      const state: NavigationState = { notice: product ? 'productSaved' : 'productCreated' };
      void navigate('/shop/products', { state });
    },
    onError: (error) => {
      // The server's field problems go under the inputs they are about.
      if (error instanceof ApiError && error.errors.length > 0) {
        setProblems(Object.fromEntries(error.errors.map((problem) => [problemKey(problem.path), { text: problem.message } satisfies DraftProblem])));
      }
      revealFirstProblem(formRef.current);
    },
  });

  const message = (problem: DraftProblem | undefined) => (problem === undefined ? undefined : 'text' in problem ? problem.text : t(problem.key, problem.values ?? {}));
  const error = (name: string) => message(problems[name]);
  /** A problem goes away once its input is changed. */
  const edited = (name: string) =>
    setProblems((current) => {
      if (!(name in current)) return current;
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
  const clientProblems = Object.values(problems).some((problem) => 'key' in problem);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkDraft(draft);
    setProblems(checked.problems);
    save.reset();
    if (checked.input) save.mutate(checked.input);
    else revealFirstProblem(event.currentTarget);
  }

  /** Problems are keyed by row number, which a removal shifts: they are checked again on saving. */
  const forgetRows = (list: 'skus' | 'addOns') =>
    setProblems((current) => Object.fromEntries(Object.entries(current).filter(([name]) => !name.startsWith(`${list}.`))));
  const update = (patch: Partial<ProductDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    for (const name of Object.keys(patch)) edited(name);
  };
  const selected = categories.data?.find((category) => category.id === draft.category);

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate data-testid="product-form">
      {clientProblems && (
        <div className="banner error" role="alert" data-testid="editor-problems">
          {t('editor.fixBelow')}
        </div>
      )}
      <fieldset className="form-section">
        <legend>{t('editor.basics')}</legend>
        <Field
          name="title"
          label={t('editor.productTitle')}
          maxLength={60}
          placeholder={t('editor.productTitlePlaceholder')}
          value={draft.title}
          error={error('title')}
          onChange={(event) => update({ title: event.currentTarget.value })}
        />
        <TextAreaField
          name="description"
          label={t('editor.description')}
          rows={5}
          maxLength={5000}
          placeholder={t('editor.descriptionPlaceholder')}
          value={draft.description}
          error={error('description')}
          onChange={(event) => update({ description: event.currentTarget.value })}
        />
        <SelectField
          name="category"
          label={t('editor.category')}
          value={draft.category}
          error={error('category')}
          hint={selected ? `${t('editor.categoryReturn', { note: returnNote(selected, language) })} · ${t('editor.categoryDeposit', { amount: formatFen(selected.deposit) })}` : undefined}
          onChange={(event) => update({ category: event.currentTarget.value })}
          disabled={!categories.data}
        >
          {(categories.data ?? [{ id: draft.category, name: draft.category, nameEn: draft.category }]).map((category) => (
            <option key={category.id} value={category.id}>
              {categoryName(category, language)}
            </option>
          ))}
        </SelectField>
        {categories.isError && <ErrorBanner error={categories.error} testId="categories-error" />}
      </fieldset>
      <ProductImagesEditor
        images={draft.images}
        onChange={(images) => {
          setDraft((current) => ({ ...current, images }));
          setProblems((current) => Object.fromEntries(Object.entries(current).filter(([name]) => name !== 'images' && !name.startsWith('images.'))));
        }}
        problem={error('images') ?? message(Object.entries(problems).find(([name]) => name.startsWith('images.'))?.[1])}
      />
      <fieldset className="form-section">
        <legend>{t('editor.skus')}</legend>
        <ul className="rows">
          {draft.skus.map((sku, i) => (
            <SkuEditor
              key={sku.key}
              sku={sku}
              index={i}
              canRemove={draft.skus.length > 1}
              error={error}
              onEdited={edited}
              onChange={(next) => setDraft((current) => ({ ...current, skus: current.skus.map((other) => (other.key === sku.key ? next : other)) }))}
              onRemove={() => {
                setDraft((current) => ({ ...current, skus: current.skus.filter((other) => other.key !== sku.key) }));
                forgetRows('skus');
              }}
            />
          ))}
        </ul>
        {draft.skus.length < MAX_SKUS && (
          <button type="button" className="button secondary" data-testid="sku-add" onClick={() => setDraft((current) => ({ ...current, skus: [...current.skus, emptySku()] }))}>
            + {t('editor.addSku')}
          </button>
        )}
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('editor.addOns')}</legend>
        <p className="hint">{t('editor.addOnsHint')}</p>
        {draft.addOns.length > 0 && (
          <ul className="rows">
            {draft.addOns.map((addOn, i) => (
              <AddOnEditor
                key={addOn.key}
                addOn={addOn}
                index={i}
                error={error}
                onEdited={edited}
                onChange={(next) => setDraft((current) => ({ ...current, addOns: current.addOns.map((other) => (other.key === addOn.key ? next : other)) }))}
                onRemove={() => {
                  setDraft((current) => ({ ...current, addOns: current.addOns.filter((other) => other.key !== addOn.key) }));
                  forgetRows('addOns');
                }}
              />
            ))}
          </ul>
        )}
        {draft.addOns.length < MAX_ADD_ONS && (
          <button type="button" className="button secondary" data-testid="addon-add" onClick={() => setDraft((current) => ({ ...current, addOns: [...current.addOns, emptyAddOn()] }))}>
            + {t('editor.addAddOn')}
          </button>
        )}
      </fieldset>
      <ErrorBanner error={save.error} />
      <button type="submit" className="button primary" data-testid="product-submit" disabled={save.isPending}>
        {save.isPending ? t('common.saving') : product ? t('editor.submitEdit') : t('editor.submitNew')}
      </button>
    </form>
  );
}
