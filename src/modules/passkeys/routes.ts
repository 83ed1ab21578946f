/** HTTP for passkeys (API.md "Accounts and identity": `/me/passkeys`). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireUser } from '../../http/auth.js';
import { problems } from '../../http/schemas.js';
import type { AccountsService } from '../accounts/index.js';
import * as S from './schema.js';
import type { PasskeysService } from './service.js';

export function registerPasskeysRoutes(untyped: FastifyInstance, deps: { passkeys: PasskeysService; accounts: AccountsService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { passkeys, accounts } = deps;
  const tags = ['accounts'];
  const user = { auth: 'user' } as const;

  app.get('/me/passkeys', { config: user, schema: { tags, summary: 'My passkeys', response: { 200: Type.Object({ items: Type.Array(S.Passkey) }), ...problems } } }, async (request) => ({
    items: await passkeys.list(requireUser(request).userId),
  }));
  app.post(
    '/me/passkeys/options',
    { config: user, schema: { tags, summary: 'Start registering a passkey: WebAuthn creation options (user verification required)', response: { 200: S.WebAuthnOptions, ...problems } } },
    async (request) => {
      const userId = requireUser(request).userId;
      return passkeys.registrationOptions(userId, await accounts.me(userId));
    },
  );
  app.post(
    '/me/passkeys',
    { config: user, schema: { tags, summary: 'Finish registering a passkey with the authenticator’s response', body: S.RegisterBody, response: { 201: Type.Object({ passkey: S.Passkey }), ...problems } } },
    async (request, reply) => reply.status(201).send({ passkey: await passkeys.register(requireUser(request).userId, request.body) }),
  );
  app.delete('/me/passkeys/:id', { config: user, schema: { tags, params: S.PasskeyIdParams, response: { 204: Type.Null(), ...problems } } }, async (request, reply) => {
    await passkeys.remove(requireUser(request).userId, request.params.id);
    return reply.status(204).send(null);
  });
}
