/** HTTP for accounts and identity (API.md "Accounts and identity"): validate, call the service, answer. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clearSessionCookie, requireRole, requireUser, sessionToken, setSessionCookie } from '../../http/auth.js';
import { IdParams, problems } from '../../http/schemas.js';
import type { AccountsService } from './service.js';
import { SESSION_ABSOLUTE_MS } from './service.js';
import * as S from './schema.js';

export function registerAccountsRoutes(
  untyped: FastifyInstance,
  deps: {
    accounts: AccountsService;
    secureCookies: boolean;
    /** When each of the user's addresses was last chosen for an order (the orders module keeps that): checkout preselects the latest. */
    addressesLastUsed?: (userId: string) => Promise<Map<string, Date>>;
  },
): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, secureCookies } = deps;
  const tags = ['accounts'];
  const user = { auth: 'user' } as const;
  const admin = { auth: 'admin' } as const;

  app.post('/auth/register', { schema: { tags, body: S.RegisterBody, response: { 201: S.UserResponse, ...problems } } }, async (request, reply) => {
    const user = await accounts.register(request.body);
    return reply.status(201).send({ user });
  });

  app.post('/auth/login', { schema: { tags, body: S.LoginBody, response: { 200: S.LoginResponse, ...problems } } }, async (request, reply) => {
    const result = await accounts.login(request.body, request.ip);
    setSessionCookie(reply, result.token, secureCookies, SESSION_ABSOLUTE_MS / 1000);
    return result;
  });

  app.post('/auth/logout', { schema: { tags, response: { 204: Type.Null(), ...problems } } }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await accounts.logout(token);
    clearSessionCookie(reply, secureCookies);
    return reply.status(204).send(null);
  });

  app.get('/me', { config: user, schema: { tags, response: { 200: S.User, ...problems } } }, async (request) => accounts.me(requireUser(request).userId));

  app.post('/me/phone/code', { config: user, schema: { tags, response: { 200: S.PhoneCodeResponse, ...problems } } }, async (request) => {
    const { expiresAt } = await accounts.sendPhoneCode(requireUser(request).userId, request.ip);
    return { sent: true, expiresAt };
  });

  app.post(
    '/me/phone/verify',
    { config: user, schema: { tags, body: S.PhoneVerifyBody, response: { 200: S.PhoneVerifyResponse, ...problems } } },
    async (request) => {
      const { code } = request.body;
      const user = await accounts.verifyPhone(requireUser(request).userId, code);
      return { phoneVerified: true, user };
    },
  );

  app.post('/me/identity', { config: user, schema: { tags, body: S.IdentityBody, response: { 200: S.IdentityResponse, ...problems } } }, async (request) => {
    const user = await accounts.verifyIdentity(requireUser(request).userId, request.body);
    return { identityVerified: true, user };
  });

  app.put('/me/payment-pin', { config: user, schema: { tags, body: S.PinBody, response: { 204: Type.Null(), ...problems } } }, async (request, reply) => {
    await accounts.setPaymentPin(requireUser(request).userId, request.body);
    return reply.status(204).send(null);
  });

  app.post('/me/totp', { config: user, schema: { tags, response: { 200: S.TotpEnrolResponse, ...problems } } }, async (request) =>
    accounts.startTotpEnrolment(requireUser(request).userId),
  );

  app.post('/me/totp/verify', { config: user, schema: { tags, body: S.TotpVerifyBody, response: { 204: Type.Null(), ...problems } } }, async (request, reply) => {
    await accounts.confirmTotp(requireUser(request).userId, (request.body).code);
    return reply.status(204).send(null);
  });

  app.get('/me/addresses', { config: user, schema: { tags, response: { 200: S.AddressList, ...problems } } }, async (request) => {
    const { userId } = requireUser(request);
    const [items, lastUsed] = await Promise.all([accounts.listAddresses(userId), deps.addressesLastUsed?.(userId) ?? new Map<string, Date>()]);
    return { items: items.map((a) => ({ ...a, lastUsedAt: lastUsed.get(a.id)?.toISOString() ?? null })) };
  });

  app.post(
    '/me/addresses',
    { config: { ...user, idempotent: true }, schema: { tags, body: S.AddressBody, response: { 201: S.AddressResponse, ...problems } } },
    async (request, reply) => {
      const address = await accounts.addAddress(requireUser(request).userId, request.body);
      return reply.status(201).send({ address });
    },
  );

  app.post(
    '/admin/users/:id/roles',
    { config: admin, schema: { tags: ['admin'], params: IdParams, body: S.RoleBody, response: { 200: S.UserResponse, ...problems } } },
    async (request) => {
      const admin = requireRole(request, 'admin');
      const { role, granted } = request.body;
      const user = await accounts.setRole(admin.userId, request.params.id, role, granted);
      return { user };
    },
  );

  app.get(
    '/admin/users/:id/personal-data',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        summary: "Read a user's personal data for a stated purpose; the read is logged and shown to the user",
        params: IdParams,
        querystring: S.PersonalDataQuery,
        response: { 200: S.PersonalDataResponse, ...problems },
      },
    },
    async (request) => {
      const admin = requireRole(request, 'admin');
      const { purpose } = request.query;
      return accounts.personalDataForAdmin(admin.userId, request.params.id, purpose);
    },
  );
}
