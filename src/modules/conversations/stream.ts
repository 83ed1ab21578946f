/** Server-sent event streams of conversations (API.md "Conversations"). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../lib/errors.js';

export interface ConversationStreams {
  conversation(request: FastifyRequest, reply: FastifyReply, userId: string, conversationId: string, afterSeq: number): Promise<void>;
  inbox(request: FastifyRequest, reply: FastifyReply, userId: string, operatorId: string): Promise<void>;
  mine(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void>;
}

export function createConversationStreams(): ConversationStreams {
  return {
    conversation: () => Promise.reject(notFound('conversation')),
    inbox: () => Promise.reject(notFound('operator')),
    mine: () => Promise.reject(notFound('conversation')),
  };
}
