export { createConversationsService, type ConversationsService } from './service.js';
export { createConversationStreams, type ConversationStreams } from './stream.js';
export { registerConversationsRoutes } from './routes.js';
export type { MessageView, ConversationView, ChatStatsView } from './view.js';
