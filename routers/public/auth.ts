import { AuthStatusResponseSchema, EmptyInputSchema } from '../../domain/schemas.js';
import { protectedProcedure } from '../middleware.js';

/** What open mode means, said where a caller asks about its key. */
export const OPEN_MODE_MESSAGE =
  'Open mode: no API keys are configured, so no key is checked and every request is let in (as the `development` caller). Set API_KEY to require a key.';

export const authStatus = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/auth/status',
      tags: ['Auth'],
      summary: 'Check an API key',
      description:
        'Validates the key sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`. In open mode (no keys configured) no key is checked: 200 with `authenticated: false` and `api_key_prefix: null`.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(AuthStatusResponseSchema)
  .query(({ ctx }) =>
    ctx.services.auth.open
      ? { authenticated: false, api_key_prefix: null, message: OPEN_MODE_MESSAGE }
      : {
          authenticated: true,
          api_key_prefix: ctx.apiKey.length <= 8 ? ctx.apiKey : `${ctx.apiKey.slice(0, 8)}...`,
          message: 'Authentication successful',
        },
  );
