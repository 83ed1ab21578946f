export { bargainTopic, createBargainService, type BargainService, type BargainView, type BargainChange } from './service.js';
export { registerBargainRoutes, registerBargainSharePage } from './routes.js';
export { bargainExport } from './export.js';
