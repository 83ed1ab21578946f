export { createChatGovernanceService, type ChatGovernanceService } from './service.js';
export { registerChatGovernanceRoutes } from './routes.js';
export { chatGovernanceErrors } from './errors.js';
