export { createSearchService, type SearchService, type SearchType } from './service.js';
export { registerSearchRoutes } from './routes.js';
