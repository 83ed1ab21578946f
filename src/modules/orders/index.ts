export { createOrdersService, type OrdersService, type OrderView, PAYMENT_WINDOW_MS, AUTO_CONFIRM_MS, RETURN_WINDOW_MS } from './service.js';
export { registerOrdersRoutes } from './routes.js';
