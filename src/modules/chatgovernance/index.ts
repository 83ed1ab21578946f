export { createChatGovernanceService, type ChatGovernanceService } from './service.js';
export { registerChatGovernanceRoutes } from './routes.js';
export { chatGovernanceErrors } from './errors.js';
export { chatRetention, type ChatRetention } from './retention.js';
export { REMOVED_TEXT, shownAfterRemoval } from './view.js';
