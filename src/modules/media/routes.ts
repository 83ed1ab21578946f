import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, notFound, validationFailed } from '../../lib/errors.js';
import { mediaErrors } from './errors.js';
import { problems } from '../../http/schemas.js';
import { MAX_UPLOAD_BYTES, type MediaService } from './service.js';

const UploadResponse = Type.Object({
  url: Type.String(),
  thumbnailUrl: Type.String(),
  contentType: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});

const onlyOneFile = () => validationFailed([{ path: '/body/file', message: 'must be the one and only part' }], 'Send exactly one image in a field named `file`, and nothing else');

/**
 * The one `file` part of a multipart body, whole. Anything else in the body (a
 * second file, a field) is refused rather than silently dropped, and a malformed
 * body (no boundary) is bad input.
 */
async function readSingleFile(request: FastifyRequest): Promise<Buffer> {
  try {
    const parts = request.parts();
    const first = await parts.next();
    if (first.done || first.value.type !== 'file' || first.value.fieldname !== 'file') throw onlyOneFile();
    const bytes = await first.value.toBuffer();
    // A file cut off at the limit is refused whole, never stored truncated.
    if (first.value.file.truncated) throw new AppError('too_large', 'PAYLOAD_TOO_LARGE', 'The file is larger than allowed (10 MB)');
    if (!(await parts.next()).done) throw onlyOneFile();
    return bytes;
  } catch (error) {
    if (error instanceof AppError || (error as { code?: string }).code?.startsWith('FST_')) throw error;
    throw validationFailed(undefined, 'The multipart body is malformed');
  }
}

/** `POST /api/v1/uploads` (multipart, field `file`). */
export async function registerMediaRoutes(untyped: FastifyInstance, deps: { media: MediaService }): Promise<void> {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1 } });
    scope.post(
      '/uploads',
      {
        // The body is multipart, read below; the JSON no-body guard does not apply.
        config: { auth: 'user', rawBody: true },
        schema: {
          tags: ['media'],
          summary: 'Upload an image (multipart/form-data, field `file`): JPEG, PNG or WebP by content, at most 10 MB; metadata is stripped',
          consumes: ['multipart/form-data'],
          response: { 201: UploadResponse, ...problems },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw mediaErrors.unsupportedMediaType('Send multipart/form-data with a `file` field');
        const bytes = await readSingleFile(request);
        const upload = await deps.media.upload(request.auth!.userId, bytes);
        return reply.status(201).send(upload);
      },
    );
  });
}

/** `GET /uploads/:key`: the cleaned images, immutable, cached for a year. */
export function registerUploadServing(untyped: FastifyInstance, deps: { media: MediaService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/uploads/:key',
    { schema: { hide: true, params: Type.Object({ key: Type.String({ maxLength: 64 }) }) } },
    async (request, reply) => {
      const found = await deps.media.open(request.params.key);
      if (!found) throw notFound('image');
      return reply
        .type(found.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(found.stream);
    },
  );
}
