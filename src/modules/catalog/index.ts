export { createCatalogService, skuProblems, type CatalogService, type ProductView, type ProductSummary, type CategoryView, type ProductInput, type TagTarget, type BargainOffer } from './service.js';
export { registerCatalogRoutes } from './routes.js';
export { ProductSummary as ProductSummarySchema } from './schema.js';
