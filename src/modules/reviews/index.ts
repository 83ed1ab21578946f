export { createReviewsService, type ReviewsService } from './service.js';
export { registerReviewsRoutes } from './routes.js';
export { reviewsExport } from './export.js';
