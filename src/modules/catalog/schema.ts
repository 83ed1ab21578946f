import { Type } from 'typebox';
import { Body, PageQuery, Paragraphs, Query, Text } from '../../http/schemas.js';

const Fen = (min: number) => Type.Integer({ minimum: min, maximum: 100_000_000_00, description: 'fen (¥0.01)' });
const ImageUrl = Type.String({ minLength: 1, maxLength: 200, description: 'a URL returned by POST /uploads' });

const SkuFields = {
  name: Text({ minLength: 1, maxLength: 30 }),
  price: Fen(1),
  stock: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  groupPrice: Type.Optional(Fen(1)),
  groupSize: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
  bargainFloor: Type.Optional(Fen(0)),
  maxHelpers: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
};
const AddOnFields = { title: Text({ minLength: 1, maxLength: 40 }), price: Fen(1) };
const CategoryId = Type.String({ minLength: 1, maxLength: 40 });

export const ProductBody = Body({
  title: Text({ minLength: 2, maxLength: 60 }),
  description: Paragraphs(5000),
  category: Type.Optional(CategoryId),
  images: Type.Array(ImageUrl, { minItems: 1, maxItems: 9, uniqueItems: true }),
  skus: Type.Array(Body(SkuFields), { minItems: 1, maxItems: 50 }),
  addOns: Type.Optional(Type.Array(Body(AddOnFields), { maxItems: 10 })),
});

const IdField = { id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'keep this existing one; omit to add a new one' })) };
export const ProductPatch = Type.Object(
  {
    title: Type.Optional(Text({ minLength: 2, maxLength: 60 })),
    description: Type.Optional(Paragraphs(5000)),
    category: Type.Optional(CategoryId),
    images: Type.Optional(Type.Array(ImageUrl, { minItems: 1, maxItems: 9, uniqueItems: true })),
    skus: Type.Optional(Type.Array(Body({ ...IdField, ...SkuFields }), { minItems: 1, maxItems: 50 })),
    addOns: Type.Optional(Type.Array(Body({ ...IdField, ...AddOnFields }), { maxItems: 10 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Nullable = <T extends ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
export const Sku = Type.Object({
  id: Type.String(),
  name: Type.String(),
  price: Type.Integer(),
  stock: Type.Integer(),
  groupPrice: Nullable(Type.Integer()),
  groupSize: Nullable(Type.Integer()),
  bargainFloor: Nullable(Type.Integer()),
  maxHelpers: Nullable(Type.Integer()),
});
export const AddOn = Type.Object({ id: Type.String(), title: Type.String(), price: Type.Integer() });

export const Category = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  returnClass: Type.Union([Type.Literal('returnable'), Type.Literal('excluded'), Type.Literal('excludable_with_consent')]),
  returnNote: Type.String(),
  returnNoteEn: Type.String(),
  deposit: Type.Integer(),
});

export const Product = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  categoryInfo: Category,
  images: Type.Array(Type.String()),
  operator: Type.Object({ id: Type.String(), shopName: Type.String() }),
  /** False while the shop cannot sell (not approved, re-verification overdue, closed). */
  available: Type.Boolean(),
  skus: Type.Array(Sku),
  addOns: Type.Array(AddOn),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const ProductResponse = Type.Object({ product: Product });

const Average = Type.Number({ minimum: 0, maximum: 5, description: 'mean item rating, one decimal (0 with no reviews)' });
/** The product's rating from its visible reviews (reviews module, product_ratings). */
export const ProductRating = Type.Object({
  average: Average,
  count: Type.Integer({ minimum: 0 }),
  distribution: Type.Object({ '1': Type.Integer(), '2': Type.Integer(), '3': Type.Integer(), '4': Type.Integer(), '5': Type.Integer() }, { description: 'how many reviews gave each number of stars' }),
  withPhotos: Type.Integer({ minimum: 0, description: 'reviews with images' }),
});
/** GET /products/:id: the product with its rating. */
export const ProductPage = Type.Object({ ...Product.properties, rating: ProductRating });

export const ProductSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  category: Type.String(),
  image: Type.String(),
  price: Type.Integer({ description: 'lowest SKU price' }),
  groupPrice: Nullable(Type.Integer()),
  operator: Type.Object({ id: Type.String(), shopName: Type.String() }),
  available: Type.Boolean(),
  rating: Type.Optional(Type.Object({ average: Average, count: Type.Integer({ minimum: 0 }) })),
});

export const ProductListQuery = Query({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  operatorId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  category: Type.Optional(CategoryId),
  ...PageQuery,
});

