export { createMarketingService, MARKETING_DELIVERY_QUEUE, type MarketingService } from './service.js';
export { registerMarketingRoutes } from './routes.js';
