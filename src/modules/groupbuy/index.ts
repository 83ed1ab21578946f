export { createGroupBuyService, groupBuyTopic, GROUP_LIFETIME_MS, SEAT_PAYMENT_WINDOW_MS, type GroupBuyService, type GroupBuyView } from './service.js';
export { registerGroupBuyRoutes, registerGroupBuySharePage, type GroupBuyFlows } from './routes.js';
export { groupBuyExport } from './export.js';
