import request from 'supertest';
import type { OpenApiRouter } from 'trpc-to-openapi';
import { forEachOpenApiProcedure } from 'trpc-to-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers/index.js';
import { createOpenApiDocuments } from '../../server/docs.js';
import { createTestApp, type TestApp } from './test-app.js';

const PUBLIC_PATHS = [
  ['get', '/v1/health'],
  ['get', '/v1/auth/status'],
  ['get', '/v1/text_processing/operations'],
  ['post', '/v1/text_processing/process'],
  ['post', '/v1/text_processing/batch_process'],
  ['get', '/v1/text_processing/batch_status/{batch_id}'],
] as const;

describe('OpenAPI documents', () => {
  const documents = createOpenApiDocuments({
    router: appRouter,
    version: '1.0.0',
    internalDocs: true,
  });

  it('publishes every procedure, each with OpenAPI meta and an output schema', () => {
    const procedures: string[] = [];
    forEachOpenApiProcedure((appRouter as unknown as OpenApiRouter)._def.procedures, ({ path, meta, procedure }) => {
      procedures.push(path);
      expect(meta.openapi.path, path).toMatch(/^\/(v1|internal)\//);
      expect((procedure as { _def: { output?: unknown } })._def.output, `${path} has no output schema`).toBeDefined();
    });
    // A streamed twin (a subscription) is published at its REST twin's path, with `Accept: text/event-stream`.
    const streamed = new Set(['public.processStream']);
    const all = Object.keys((appRouter as unknown as OpenApiRouter)._def.procedures).filter(
      (path) => !streamed.has(path),
    );
    expect(procedures.sort()).toEqual(all.sort());
  });

  it('lists every public path of API.md §1 with request and response schemas', () => {
    for (const [method, path] of PUBLIC_PATHS) {
      const operation = documents.public.paths?.[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.responses?.['200']?.content?.['application/json']?.schema).toBeDefined();
    }
    const process = documents.public.paths?.['/v1/text_processing/process']?.post;
    expect(
      process?.requestBody &&
        'content' in process.requestBody &&
        process.requestBody.content['application/json']?.schema,
    ).toBeDefined();
    expect(process?.responses?.['422']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ErrorResponse',
    });
  });

  it('keeps internal paths out of the public document and in the internal one', () => {
    expect(Object.keys(documents.public.paths ?? {}).every((path) => path.startsWith('/v1/'))).toBe(true);
    expect(Object.keys(documents.internal.paths ?? {})).toContain('/internal/cache/status');
    expect(Object.keys(documents.internal.paths ?? {}).every((path) => path.startsWith('/internal/'))).toBe(true);
  });

  it('declares Bearer and X-API-Key security on protected operations only', () => {
    expect(documents.public.components?.securitySchemes).toHaveProperty('BearerAuth');
    expect(documents.public.components?.securitySchemes).toHaveProperty('ApiKeyAuth');
    expect(documents.public.paths?.['/v1/text_processing/process']?.post?.security).toEqual([
      { BearerAuth: [] },
      { ApiKeyAuth: [] },
    ]);
    expect(documents.public.paths?.['/v1/health']?.get?.security).toEqual([]);
  });

  it('declares security on every operation (open ones an empty list) and a licence', () => {
    for (const document of Object.values(documents)) {
      expect(document.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
      for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
        for (const operation of [pathItem.get, pathItem.post, pathItem.put, pathItem.delete]) {
          if (operation) expect(operation.security, `${path} ${operation.operationId}`).toBeInstanceOf(Array);
        }
      }
    }
  });

  it('gives every operation a description', () => {
    for (const document of Object.values(documents)) {
      for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
        for (const operation of [pathItem.get, pathItem.post, pathItem.put, pathItem.delete]) {
          if (operation) expect(operation.description, `${path} ${operation.operationId}`).toBeTruthy();
        }
      }
    }
  });

  it('describes errors with the one ErrorResponse schema only', () => {
    const schemas = Object.keys(documents.public.components?.schemas ?? {});
    expect(schemas).toContain('ErrorResponse');
    expect(schemas.some((name) => name.startsWith('error.'))).toBe(false);
  });
});

describe('documentation pages', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });

  it('serves both documents as JSON', async () => {
    const publicDocument = await request(testApp.app).get('/openapi.json').expect(200);
    expect(publicDocument.body.paths).toHaveProperty('/v1/text_processing/process');
    const internalDocument = await request(testApp.app).get('/internal/openapi.json').expect(200);
    expect(internalDocument.body.paths).toHaveProperty('/internal/cache/invalidate');
  });

  it('serves Swagger UI and ReDoc with self-hosted assets only', async () => {
    for (const page of ['/docs', '/internal/docs', '/redoc', '/internal/redoc']) {
      const response = await request(testApp.app).get(page).expect(200);
      expect(response.headers['content-type']).toContain('text/html');
      const sources = [...response.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(source, `${page} loads ${source}`).toMatch(/^\//);
    }
    await request(testApp.app).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    await request(testApp.app).get('/docs/assets/swagger-ui.css').expect(200);
    await request(testApp.app).get('/docs/init.js').expect(200);
    await request(testApp.app).get('/redoc/assets/redoc.standalone.js').expect(200);
  });

  it('serves our favicon, linked from every docs page', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const response = await request(testApp.app).get(path).expect(200);
      expect(response.headers['content-type']).toContain('image/svg+xml');
      expect(String(response.body)).toContain('<svg');
    }
    for (const page of ['/docs', '/internal/docs', '/redoc', '/internal/redoc']) {
      const response = await request(testApp.app).get(page).expect(200);
      expect(response.text).toContain('<link rel="icon" href="/favicon.svg"');
    }
  });

  it('makes the pages load nothing from elsewhere: no https:// in pages or init, no CDN logo in ReDoc', async () => {
    for (const page of [
      '/docs',
      '/docs/init.js',
      '/redoc',
      '/internal/docs',
      '/internal/docs/init.js',
      '/internal/redoc',
    ]) {
      const response = await request(testApp.app).get(page).expect(200);
      expect(response.text, page).not.toMatch(/https?:\/\//);
    }
    const redoc = await request(testApp.app).get('/redoc/assets/redoc.standalone.js').expect(200);
    expect(redoc.text).not.toContain('cdn.redoc.ly');
    expect(redoc.text).toContain('"/favicon.svg"');
    const init = await request(testApp.app).get('/docs/init.js').expect(200);
    expect(init.text).toContain('validatorUrl: null');
  });

  it('hides the internal docs in production unless enabled', async () => {
    const production = await createTestApp({ ENVIRONMENT: 'production', API_KEY: 'k' });
    await request(production.app).get('/internal/docs').expect(404);
    await request(production.app).get('/internal/openapi.json').expect(404);
    await request(production.app).get('/docs').expect(200);
  });
});
