import { AuthStatusResponseSchema, EmptyInputSchema } from '../../domain/schemas.js';
import { protectedProcedure } from '../middleware.js';

export const authStatus = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/auth/status',
      tags: ['Auth'],
      summary: 'Check an API key',
      description: 'Validates the key sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(AuthStatusResponseSchema)
  .query(({ ctx }) => ({
    authenticated: true,
    api_key_prefix: ctx.apiKey.length <= 8 ? ctx.apiKey : `${ctx.apiKey.slice(0, 8)}...`,
    message: 'Authentication successful',
  }));
