/** HTTP for notes, engagement, feeds and moderation (API.md "Social"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IdParams, NoContent, Page, PageQuery, problems, Query } from '../../http/schemas.js';
import * as S from './schema.js';
import type { SocialService } from './service.js';

type Toggle = (userId: string, id: string) => Promise<Record<string, unknown>>;
const pageOf = (query: { limit?: number | undefined; cursor?: string | undefined }) => ({ limit: query.limit ?? 20, cursor: query.cursor });
/** Who is looking on a public read: signed out, or a user with roles. */
const viewer = (request: FastifyRequest) => (request.auth ? { userId: request.auth.userId, roles: request.auth.roles } : undefined);

export function registerSocialRoutes(untyped: FastifyInstance, deps: { social: SocialService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { notes, engagement, feed, moderation } = deps.social;
  const tags = ['social'];
  const user = { auth: 'user' } as const;
  const admin = { auth: 'admin' } as const;
  /** A double tap on a slow network must not post twice: Idempotency-Key is honoured. */
  const posting = { auth: 'user', idempotent: true } as const;
  const PageQ = Query(PageQuery);

  app.post(
    '/notes',
    { config: posting, schema: { tags, summary: 'Post a note: 1–9 of my uploaded images, each with product tags at x,y in 0..1; #话题 in the text become hashtags', body: S.NoteBody, response: { 201: S.NoteResponse, ...problems } } },
    async (request, reply) => reply.status(201).send({ note: await notes.create(request.auth!.userId, request.body) }),
  );
  app.get('/notes/:id', { schema: { tags, summary: 'A note with its author, tags (R11 verifiedPurchase), counts and R8 isAd', params: IdParams, response: { 200: S.Note, ...problems } } }, async (request) =>
    notes.get(request.params.id, viewer(request)),
  );
  app.patch('/notes/:id', { config: user, schema: { tags, summary: 'Edit my note (the sponsorship cannot be changed, R8)', params: IdParams, body: S.NotePatch, response: { 200: S.NoteResponse, ...problems } } }, async (request) => ({
    note: await notes.update(request.auth!.userId, request.params.id, request.body),
  }));
  app.delete('/notes/:id', { config: user, schema: { tags, summary: 'Delete my note', params: IdParams, response: { 204: NoContent, ...problems } } }, async (request, reply) => {
    await notes.remove(request.auth!.userId, request.params.id);
    return reply.status(204).send(null);
  });
  app.post(
    '/notes/:id/tags/:tagId/open',
    { schema: { tags, summary: 'Open a tag: counts the click and returns an attribution naming this note (R12) to pass to POST /orders', params: S.NoteTagParams, response: { 200: Type.Object({ productId: Type.String(), skuId: Type.Union([Type.String(), Type.Null()]), attribution: Type.String() }), ...problems } } },
    async (request) => notes.openTag(request.params.id, request.params.tagId),
  );

  /** POST adds, DELETE takes back; both idempotent and answer the new state. */
  const toggle = (url: string, what: string, response: Parameters<typeof Type.Object>[0], add: Toggle, remove: Toggle) => {
    for (const [method, act, summary] of [['POST', add, what], ['DELETE', remove, `Take back: ${what}`]] as const) {
      app.route({
        method,
        url,
        config: user,
        schema: { tags, summary: `${summary} (idempotent)`, params: IdParams, response: { 200: Type.Object(response), ...problems } },
        handler: async (request) => act(request.auth!.userId, (request.params as { id: string }).id),
      });
    }
  };
  toggle('/notes/:id/like', 'like', { likes: Type.Integer(), liked: Type.Boolean() }, engagement.like, engagement.unlike);
  toggle('/notes/:id/collect', 'collect', { collects: Type.Integer(), collected: Type.Boolean() }, engagement.collect, engagement.uncollect);
  toggle('/users/:id/follow', 'follow', { following: Type.Boolean(), followers: Type.Integer() }, (u, id) => engagement.follow(u, id, true), (u, id) => engagement.follow(u, id, false));

  app.post(
    '/notes/:id/comments',
    { config: posting, schema: { tags, summary: 'Comment, or reply to a top-level comment (one level of replies)', params: IdParams, body: S.CommentBody, response: { 201: Type.Object({ comment: S.Comment }), ...problems } } },
    async (request, reply) => reply.status(201).send({ comment: await engagement.comment(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get('/notes/:id/comments', { schema: { tags, summary: 'Top-level comments oldest first, each with its replies', params: IdParams, querystring: PageQ, response: { 200: Page(S.CommentWithReplies), ...problems } } }, async (request) =>
    engagement.comments(request.params.id, pageOf(request.query)),
  );

  app.get('/users/:id', { schema: { tags, summary: 'A public profile: display name and counts', params: IdParams, response: { 200: S.Profile, ...problems } } }, async (request) =>
    engagement.profile(request.params.id, request.auth?.userId),
  );
  app.get('/users/:id/notes', { schema: { tags, summary: "A user's notes, newest first", params: IdParams, querystring: PageQ, response: { 200: Page(S.Note), ...problems } } }, async (request) =>
    engagement.notesOf(request.params.id, pageOf(request.query), request.auth?.userId),
  );
  app.get('/users/:id/collects', { schema: { tags, summary: "The notes a user collected, latest first", params: IdParams, querystring: PageQ, response: { 200: Page(S.Note), ...problems } } }, async (request) =>
    engagement.collectsOf(request.params.id, pageOf(request.query), request.auth?.userId),
  );
  app.get('/users/:id/followers', { schema: { tags, summary: "A user's followers, latest first", params: IdParams, querystring: PageQ, response: { 200: Page(S.Follower), ...problems } } }, async (request) =>
    engagement.followersOf(request.params.id, pageOf(request.query)),
  );

  app.get(
    '/feed',
    {
      schema: {
        tags,
        summary: 'tab=following (signed in; newest first) or discover (engagement with time decay). R6: discover is personalised only with the personalised_feed consent; personalised=false never is',
        querystring: S.FeedQuery,
        response: { 200: Type.Object({ items: Type.Array(S.Note), nextCursor: Type.Union([Type.String(), Type.Null()]), personalised: Type.Boolean() }), ...problems },
      },
    },
    async (request) => feed.page(request.auth?.userId, { tab: request.query.tab ?? 'discover', personalised: request.query.personalised, ...pageOf(request.query) }),
  );

  app.get(
    '/operators/:id/sponsorships',
    { config: user, schema: { tags, summary: "Notes naming this shop as sponsor (its owner only), to confirm (R8)", params: IdParams, querystring: PageQ, response: { 200: Page(S.Sponsorship), ...problems } } },
    async (request) => notes.sponsorships(request.auth!.userId, request.params.id, pageOf(request.query)),
  );
  app.post(
    '/operators/:id/sponsorships/:noteId/confirm',
    { config: user, schema: { tags, summary: 'R8: the shop confirms it sponsored the note; from then on the note carries isAd and 「广告」 everywhere', params: S.SponsorshipParams, response: { 200: S.NoteResponse, ...problems } } },
    async (request) => ({ note: await notes.confirmSponsorship(request.auth!.userId, request.params.id, request.params.noteId) }),
  );

  app.post(
    '/notes/:id/reports',
    { config: user, schema: { tags, summary: 'Report a note to the admins (once per person)', params: IdParams, body: S.ReasonBody, response: { 201: Type.Object({ report: S.Report }), ...problems } } },
    async (request, reply) => reply.status(201).send({ report: await moderation.report(request.auth!.userId, request.params.id, request.body.reason) }),
  );
  app.get('/admin/reports', { config: admin, schema: { tags: ['admin'], summary: 'The report queue: open reports oldest first', querystring: S.ReportsQuery, response: { 200: Page(S.QueuedReport), ...problems } } }, async (request) =>
    moderation.queue({ status: request.query.status ?? 'open', ...pageOf(request.query) }),
  );
  app.post(
    '/admin/notes/:id/hide',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        summary: 'R11: hide a reported note, with a reason (recorded in the audit log); operators cannot',
        params: IdParams,
        body: S.ReasonBody,
        response: { 200: Type.Object({ note: Type.Object({ id: Type.String(), hidden: Type.Boolean(), hiddenReason: Type.String(), hiddenAt: Type.String({ format: 'date-time' }) }) }), ...problems },
      },
    },
    async (request) => ({ note: await moderation.hide(request.auth!.userId, request.params.id, request.body.reason) }),
  );
}
