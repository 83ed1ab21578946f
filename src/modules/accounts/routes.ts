/** HTTP for accounts and identity (API.md "Accounts and identity"): validate, call the service, answer. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clearSessionCookie, requireRole, requireUser, sessionToken, setSessionCookie } from '../../http/auth.js';
import { IdParams, problems } from '../../http/schemas.js';
import type { AccountsService } from './service.js';
import { SESSION_ABSOLUTE_MS } from './service.js';
import * as S from './schema.js';

export function registerAccountsRoutes(untyped: FastifyInstance, deps: { accounts: AccountsService; secureCookies: boolean }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, secureCookies } = deps;
  const tags = ['accounts'];
  const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { cookie: [] }];
  const secured = { tags, security };

  app.post('/auth/register', { schema: { tags, body: S.RegisterBody, response: { 201: S.UserResponse, ...problems } } }, async (request, reply) => {
    const user = await accounts.register(request.body);
    return reply.status(201).send({ user });
  });

  app.post('/auth/login', { schema: { tags, body: S.LoginBody, response: { 200: S.LoginResponse, ...problems } } }, async (request, reply) => {
    const result = await accounts.login(request.body, request.ip);
    setSessionCookie(reply, result.token, secureCookies, SESSION_ABSOLUTE_MS / 1000);
    return result;
  });

  app.post('/auth/logout', { schema: { ...secured, response: { 204: Type.Null(), ...problems } } }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await accounts.logout(token);
    clearSessionCookie(reply, secureCookies);
    return reply.status(204).send(null);
  });

  app.get('/me', { schema: { ...secured, response: { 200: S.User, ...problems } } }, async (request) => accounts.me(requireUser(request).userId));

  app.post('/me/phone/code', { schema: { ...secured, response: { 200: S.PhoneCodeResponse, ...problems } } }, async (request) => {
    const { expiresAt } = await accounts.sendPhoneCode(requireUser(request).userId, request.ip);
    return { sent: true, expiresAt };
  });

  app.post(
    '/me/phone/verify',
    { schema: { ...secured, body: S.PhoneVerifyBody, response: { 200: S.PhoneVerifyResponse, ...problems } } },
    async (request) => {
      const { code } = request.body;
      const user = await accounts.verifyPhone(requireUser(request).userId, code);
      return { phoneVerified: true, user };
    },
  );

  app.post('/me/identity', { schema: { ...secured, body: S.IdentityBody, response: { 200: S.IdentityResponse, ...problems } } }, async (request) => {
    const user = await accounts.verifyIdentity(requireUser(request).userId, request.body);
    return { identityVerified: true, user };
  });

  app.put('/me/payment-pin', { schema: { ...secured, body: S.PinBody, response: { 204: Type.Null(), ...problems } } }, async (request, reply) => {
    await accounts.setPaymentPin(requireUser(request).userId, request.body);
    return reply.status(204).send(null);
  });

  app.post('/me/totp', { schema: { ...secured, response: { 200: S.TotpEnrolResponse, ...problems } } }, async (request) =>
    accounts.startTotpEnrolment(requireUser(request).userId),
  );

  app.post('/me/totp/verify', { schema: { ...secured, body: S.TotpVerifyBody, response: { 204: Type.Null(), ...problems } } }, async (request, reply) => {
    await accounts.confirmTotp(requireUser(request).userId, (request.body).code);
    return reply.status(204).send(null);
  });

  app.get('/me/addresses', { schema: { ...secured, response: { 200: S.AddressList, ...problems } } }, async (request) => ({
    items: await accounts.listAddresses(requireUser(request).userId),
  }));

  app.post(
    '/me/addresses',
    { config: { idempotent: true }, schema: { ...secured, body: S.AddressBody, response: { 201: S.AddressResponse, ...problems } } },
    async (request, reply) => {
      const address = await accounts.addAddress(requireUser(request).userId, request.body);
      return reply.status(201).send({ address });
    },
  );

  app.post(
    '/admin/users/:id/roles',
    { schema: { ...secured, tags: ['admin'], params: IdParams, body: S.RoleBody, response: { 200: S.UserResponse, ...problems } } },
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
      schema: {
        ...secured,
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
