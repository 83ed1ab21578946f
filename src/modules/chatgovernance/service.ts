/**
 * Chat governance (issue 18): reports of chat messages, the admin's report queue, and the
 * chat attached to a dispute as evidence. Contract stage: the routes answer with their
 * documented shapes; the tables arrive with the chat core's migration (0035) and 0037.
 */
import { notFound } from '../../lib/errors.js';
import type { ChatGovernanceApi } from './routes.js';

export function createChatGovernanceService(): ChatGovernanceApi {
  return {
    report: () => Promise.reject(notFound('message')),
    adminList: () => Promise.resolve({ items: [], nextCursor: null }),
    adminRead: () => Promise.reject(notFound('report')),
    resolve: () => Promise.reject(notFound('report')),
    disputeChatForParty: () => Promise.reject(notFound('dispute')),
    disputeChatForAdmin: () => Promise.reject(notFound('dispute')),
  };
}

export type ChatGovernanceService = ReturnType<typeof createChatGovernanceService>;
