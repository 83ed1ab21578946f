import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, type Operator, type Product } from '../../../api';
import { categoryName, PRODUCTS_KEY, returnNote, useCategories } from '../../../catalog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, SelectField, TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { problemKey } from '../../../errors';
import { formatFen } from '../../../money';
import {
  checkDraft,
  draftOf,
  emptyAddOn,
  emptyDraft,
  emptySku,
  MAX_ADD_ONS,
  MAX_IMAGES,
  MAX_SKUS,
  type AddOnDraft,
  type DraftProblem,
  type DraftProblems,
  type ProductDraft,
  type SkuDraft,
} from '../../../productDraft';
import { REGISTRATIONS_KEY } from '../../../registration';
import { revealFirstProblem } from '../../../reveal';
import { useImageUploads } from '../../../uploads';
import type { NavigationState } from '../../../session';

/** Images: upload several at once (POST /uploads, one by one), see thumbnails, remove any; the first is the cover. */
function ImagesEditor({ images, onChange, problem }: { images: ProductDraft['images']; onChange: (images: ProductDraft['images']) => void; problem: string | undefined }) {
  const { t } = useTranslation();
  const latest = useRef(images);
  latest.current = images;
  const { uploading, failures, onFiles } = useImageUploads({
    room: () => MAX_IMAGES - latest.current.length,
    onUploaded: (upload) => {
      latest.current = [...latest.current, { url: upload.url, preview: upload.thumbnailUrl }];
      onChange(latest.current);
    },
  });

  return (
    <fieldset className="form-section" data-testid="images-editor">
      <legend>{t('editor.images')}</legend>
      <p className="hint">{t('editor.imagesHint')}</p>
      <ul className="image-tiles">
        {images.map((image, i) => (
          <li key={image.url} className="image-tile" data-testid="image-tile">
            <img src={image.preview} alt={t('product.imageN', { n: i + 1 })} />
            {i === 0 && <span className="cover-label">{t('editor.cover')}</span>}
            <button
              type="button"
              className="tile-remove"
              aria-label={t('editor.removeImage', { n: i + 1 })}
              data-testid="image-remove"
              onClick={() => onChange(images.filter((other) => other.url !== image.url))}
            >
              ×
            </button>
          </li>
        ))}
        {Array.from({ length: uploading }, (_, i) => (
          <li key={`uploading-${i}`} className="image-tile uploading" data-testid="image-uploading">
            <span className="spinner" aria-hidden="true" />
            <span className="visually-hidden">{t('editor.uploading')}</span>
          </li>
        ))}
        {images.length + uploading < MAX_IMAGES && (
          <li className="image-tile add">
            <label className="image-add">
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp"
                multiple
                className="visually-hidden"
                data-testid="image-input"
                onChange={(event) => void onFiles(event)}
              />
              <span aria-hidden="true">＋</span>
              <span>{t('editor.addImages')}</span>
            </label>
          </li>
        )}
      </ul>
      {problem && (
        <small className="field-error" data-testid="images-error">
          {problem}
        </small>
      )}
      {failures.length > 0 && (
        <div className="banner error" role="alert" data-testid="upload-error">
          <ul>
            {failures.map((failure) => (
              <li key={failure}>{failure}</li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}

function SkuEditor({
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
        <h3>{t('editor.skuN', { n: index + 1 })}</h3>
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

function AddOnEditor({
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
        <h3>{t('editor.addOnN', { n: index + 1 })}</h3>
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

/** The form itself, for a new product (`product` absent) or an existing one. */
function ProductForm({ operator, product }: { operator: Operator; product: Product | undefined }) {
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
      product ? api.updateProduct(product.id, input) : api.createProduct(operator.id, input),
    onSuccess: ({ product: saved }) => {
      queryClient.setQueryData(['product', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: [PRODUCTS_KEY] });
      void queryClient.invalidateQueries({ queryKey: ['deposit', operator.id] });
      const state: NavigationState = { notice: product ? 'productSaved' : 'productCreated' };
      void navigate('/shop', { state });
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
      <ImagesEditor
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

/**
 * /shop/products/new and /shop/products/:productId/edit. Only an approved shop lists
 * products, and only its own products are edited here.
 */
export function ProductEditorPage() {
  const { t } = useTranslation();
  const { productId } = useParams();
  const registrations = useQuery({ queryKey: REGISTRATIONS_KEY, queryFn: api.registrations });
  const product = useQuery({ queryKey: ['product', productId], queryFn: () => api.product(productId!), enabled: productId !== undefined });
  const title = productId ? t('editor.editTitle') : t('editor.newTitle');
  const back = { to: '/shop', label: t('shop.title') };

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
