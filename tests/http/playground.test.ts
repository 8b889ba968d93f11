import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../../clients/playground/build-playground.js';
import { createPlaygroundRouter } from '../../server/playground.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('the playground at /playground', () => {
  let built: string;
  let empty: string;
  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'playground-built-'));
    empty = await mkdtemp(join(tmpdir(), 'playground-empty-'));
    await buildPlayground({ outDir: built });
  });
  afterAll(async () => {
    await rm(built, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  const appServing = (directory: string) => express().use('/playground', createPlaygroundRouter({ directory }));

  it('serves the built page, with and without the trailing slash, and its external script and stylesheet', async () => {
    const app = appServing(built);
    for (const path of ['/playground', '/playground/']) {
      const page = await request(app).get(path).expect(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('<script type="module" src="/playground/playground.js"></script>');
      // Nothing inline: the page must work under a CSP without 'unsafe-inline' scripts.
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(page.text).not.toMatch(/\son[a-z]+=/);
    }
    const script = await request(app).get('/playground/playground.js').expect(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.text).toContain('/trpc');
    await request(app)
      .get('/playground/playground.css')
      .expect(200)
      .expect('content-type', /text\/css/);
  });

  it('answers a page saying to run make playground when nothing is built', async () => {
    const page = await request(appServing(empty)).get('/playground').expect(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('make playground');
  });

  describe('in the real app', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await createTestApp();
    });
    afterAll(async () => testApp.deps.close());

    it('is mounted with the docs CSP: scripts from self only, no inline scripts', async () => {
      const page = await request(testApp.app).get('/playground');
      expect([200, 404]).toContain(page.status);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("connect-src 'self'");
    });
  });
});
