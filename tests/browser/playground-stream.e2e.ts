import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../../clients/playground/build-playground.js';
import { NEWS_ARTICLE } from '../../clients/playground/sample-texts.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { listenTestApp, type ListeningTestApp } from '../http/listen-test-app.js';

const API_KEY = 'browser-stream-key';
const ANSWER =
  'Riverton opened its new bridge on Saturday after three years of work, and the mayor promised ' +
  'that the old ferry would keep running for tourists through the summer months.';

describe('streamed answers in the playground, in headless Chromium', () => {
  let fake: FakeLlmServer;
  let server: ListeningTestApp;
  let browser: Browser;
  let page: Page;
  let serial = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    await buildPlayground();
    fake = await startFakeLlmServer();
    server = await listenTestApp({
      API_KEY,
      OPENAI_API_KEY: 'sk-fake',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      AI_PROVIDERS: 'openai,local',
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The page asks for the cache status before the key is entered: that 401 is expected.
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/Failed to load resource: .*status of 401/.test(text)) problems.push(text);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}/playground`);
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('API key').press('Tab');
    await page.getByLabel('Operation').selectOption('summarize');
    await page.getByLabel('Stream the answer as it is written').check();
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  /** A text no earlier run used, so that the answer comes from the provider, not the cache. */
  async function enterFreshText(): Promise<void> {
    serial += 1;
    await page.getByLabel('Text', { exact: true }).fill(`${NEWS_ARTICLE.text} Edition ${serial}.`);
  }

  it('shows the text appearing while the provider writes it, then the complete result', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 5, chunkDelayMs: 300 } });
    await enterFreshText();
    await page.getByRole('button', { name: 'Process text' }).click();
    const stream = page.locator('#result-stream');
    // Part of the text is on the page while the upstream call is still open.
    await expect.poll(async () => (await stream.textContent())?.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const partial = (await stream.textContent()) ?? '';
    expect(partial.length).toBeLessThan(ANSWER.length);
    expect(ANSWER.startsWith(partial)).toBe(true);
    expect(fake.calls[0]?.closedAt).toBeUndefined();
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true);

    await expect.poll(() => page.locator('#result-metrics').textContent(), { timeout: 10_000 }).toContain('Summary');
    expect(await page.locator('#result-body').textContent()).toContain('Riverton opened its new bridge');
    expect(await stream.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('stops a stream with the Stop button, keeping the text so far and closing the upstream call', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 5, fault: { type: 'stall', afterChunks: 1 } } });
    await enterFreshText();
    await page.getByRole('button', { name: 'Process text' }).click();
    const stream = page.locator('#result-stream');
    await expect.poll(async () => (await stream.textContent())?.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('#form-message').textContent()).toBe('Stopped; the text so far is above.');
    expect(ANSWER.startsWith((await stream.textContent()) ?? '-')).toBe(true);
    const call = fake.calls[0];
    await call?.closed;
    expect(call?.clientAborted).toBe(true);
    expect(await page.getByRole('button', { name: 'Process text' }).isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });
});
