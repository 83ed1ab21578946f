export { createCatalogService, type CatalogService } from './service.js';
export { skuProblems } from './skus.js';
export { type ProductView, type ProductSummary, type CategoryView, type ProductInput, type TagTarget, type BargainOffer } from './views.js';
export { registerCatalogRoutes, withRatings, type ProductRatings } from './routes.js';
export { ProductSummary as ProductSummarySchema, ProductRating as ProductRatingSchema } from './schema.js';
