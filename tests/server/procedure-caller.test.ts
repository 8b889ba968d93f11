import { initTRPC, TRPCError, type AnyProcedure } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callProcedure } from '../../server/procedure-caller.js';

interface Context {
  readonly key: string | null;
}

const t = initTRPC.context<Context>().create();
const authed = t.procedure.use(({ ctx, next }) => {
  if (!ctx.key) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'no key' });
  return next({ ctx: { user: `user-of-${ctx.key}` } });
});
const router = t.router({
  greet: authed
    .input(z.object({ name: z.string().min(1), times: z.coerce.number().default(1) }))
    .output(z.object({ text: z.string(), length: z.number().transform((value) => value * 10) }))
    .mutation(({ ctx, input }) => {
      if (input.name === 'crash') throw new Error('resolver failed');
      const text = `${ctx.user} greets ${input.name} ×${input.times}`;
      return { text, length: text.length };
    }),
  badOutput: t.procedure
    .output(z.object({ ok: z.literal(true) }))
    .query(() => ({ ok: false }) as unknown as { ok: true }),
});
const createCaller = t.createCallerFactory(router);
const procedures = router._def.procedures as unknown as Record<string, AnyProcedure>;

async function both(path: 'greet' | 'badOutput', ctx: Context, input: unknown) {
  const caller = createCaller(ctx) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const call = caller[path];
  if (!call) throw new Error(`no procedure ${path}`);
  const viaCaller = await call(input).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const failures: { code: string; path: string }[] = [];
  const viaLean = await callProcedure(
    procedures[path] as AnyProcedure,
    { ctx, path, input, signal: undefined },
    (failure) => failures.push({ code: failure.error.code, path: failure.path }),
  ).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return { viaCaller, viaLean, failures };
}

describe('callProcedure', () => {
  it('runs middleware, input and output validation and the resolver like createCaller', async () => {
    const { viaCaller, viaLean, failures } = await both('greet', { key: 'k1' }, { name: 'Ada', times: '2' });
    expect(viaLean).toEqual({ ok: true, value: { text: 'user-of-k1 greets Ada ×2', length: 240 } });
    expect(viaLean).toEqual(viaCaller);
    expect(failures).toEqual([]);
  });

  it('fails where createCaller fails, with the same tRPC error, and reports it first', async () => {
    for (const [path, ctx, input, code] of [
      ['greet', { key: null }, { name: 'Ada' }, 'UNAUTHORIZED'],
      ['greet', { key: 'k1' }, { name: '' }, 'BAD_REQUEST'],
      ['greet', { key: 'k1' }, { name: 'crash' }, 'INTERNAL_SERVER_ERROR'],
      ['badOutput', { key: null }, undefined, 'INTERNAL_SERVER_ERROR'],
    ] as const) {
      const { viaCaller, viaLean, failures } = await both(path, ctx, input);
      expect(viaLean.ok).toBe(false);
      expect(viaCaller.ok).toBe(false);
      const lean = (viaLean as { error: TRPCError }).error;
      const reference = (viaCaller as { error: TRPCError }).error;
      expect(lean).toBeInstanceOf(TRPCError);
      expect({ code: lean.code, message: lean.message, cause: String(lean.cause) }).toEqual({
        code: reference.code,
        message: reference.message,
        cause: String(reference.cause),
      });
      expect(lean.code).toBe(code);
      expect(failures).toEqual([{ code, path }]);
    }
  });
});
