import { readFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../../clients/playground/build-playground.js';
import { NEWS_ARTICLE, POSITIVE_REVIEW } from '../fixtures/sample-texts.js';
import { listenTestApp, type ListeningTestApp } from '../http/listen-test-app.js';

const API_KEY = 'browser-test-key';
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('the playground in headless Chromium', () => {
  let server: ListeningTestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await buildPlayground();
    server = await listenTestApp({ API_KEY });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // CSP violations and script errors surface here and must not happen. Chromium also logs each
    // refused request; the 401s this test provokes on purpose are expected.
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/Failed to load resource: .*status of 401/.test(text)) problems.push(text);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}/playground`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function process(operation: string): Promise<void> {
    await page.getByLabel('Operation').selectOption(operation);
    const response = page.waitForResponse((answer) => answer.url().includes('/trpc/public.process'));
    await page.getByRole('button', { name: 'Process text' }).click();
    await response;
    await page.locator('#result').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#result-metrics').textContent()).toContain(operationName(operation));
  }

  const operationName = (operation: string) =>
    ({ summarize: 'Summary', sentiment: 'Sentiment', key_points: 'Key points', questions: 'Questions', qa: 'Answer' })[
      operation
    ] ?? operation;

  it('loads the catalogue and the status without a key, and the cache status once a key is entered', async () => {
    const options = await page.getByLabel('Operation').locator('option').allTextContents();
    expect(options).toEqual([
      'Summarize',
      'Sentiment Analysis',
      'Key Points',
      'Generate Questions',
      'Question & Answer',
    ]);
    await expect.poll(() => page.locator('#status-api').textContent()).toMatch(/^Connected · healthy · v1\.0\.0$/);
    await expect.poll(() => page.locator('#status-cache').textContent()).toBe('Enter an API key to see the cache');

    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('API key').press('Tab');
    await expect.poll(() => page.locator('#status-cache').textContent()).toMatch(/^Memory cache · \d+ entries/);
    expect(await page.evaluate(() => sessionStorage.getItem('ai-text-playground:api-key'))).toBe(API_KEY);
  });

  it('builds option controls from the catalogue: a slider bounded by the option range', async () => {
    await page.getByLabel('Operation').selectOption('key_points');
    const slider = page.getByRole('slider', { name: 'Max points' });
    expect(await slider.getAttribute('min')).toBe('1');
    expect(await slider.getAttribute('max')).toBe('20');
    expect(await slider.inputValue()).toBe('5');
    await expect.poll(() => page.locator('#question-field').isVisible()).toBe(false);
    await page.getByLabel('Operation').selectOption('qa');
    await expect.poll(() => page.locator('#question-field').isVisible()).toBe(true);
    expect(await page.locator('#options').isVisible()).toBe(false);
  });

  it('runs every operation on an example text and renders each result for people', async () => {
    await page.getByRole('button', { name: NEWS_ARTICLE.title }).click();
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(NEWS_ARTICLE.text);

    await page.getByLabel('Operation').selectOption('summarize');
    await page.getByRole('spinbutton', { name: 'Max length (number)' }).fill('40');
    await page.getByRole('spinbutton', { name: 'Max length (number)' }).press('Tab');
    await process('summarize');
    const summary = await page.locator('#result-body p').allTextContents();
    expect(summary.join(' ')).toContain('Riverton');
    expect(await page.locator('#result-metrics').textContent()).toMatch(/Providerlocal/);

    await page.getByLabel('Operation').selectOption('key_points');
    await page.getByRole('slider', { name: 'Max points' }).fill('3');
    await process('key_points');
    const points = await page.getByRole('list', { name: 'Key points' }).locator('li').allTextContents();
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThanOrEqual(3);

    await page.getByLabel('Operation').selectOption('questions');
    await page.getByRole('slider', { name: 'Num questions' }).fill('2');
    await process('questions');
    const questions = await page.getByRole('list', { name: 'Questions' }).locator('li').allTextContents();
    expect(questions).toHaveLength(2);
    expect(questions.every((question) => question.endsWith('?'))).toBe(true);

    await page.getByLabel('Operation').selectOption('qa');
    expect(await page.getByLabel('Question', { exact: true }).inputValue()).toBe(NEWS_ARTICLE.question);
    await process('qa');
    expect(await page.locator('#result-body').textContent()).toContain(NEWS_ARTICLE.answer);

    // The same request again is answered from the cache.
    await process('qa');
    expect(await page.locator('#result-metrics').textContent()).toContain('CacheHit');
  });

  it('shows sentiment as a label with a confidence bar, offers the JSON download, and looks right', async () => {
    await page.getByRole('button', { name: POSITIVE_REVIEW.title }).click();
    await process('sentiment');
    expect(await page.getByTestId('sentiment-label').textContent()).toBe('positive');
    const confidence = Number(await page.locator('meter#confidence').getAttribute('value'));
    expect(confidence).toBeGreaterThan(0.5);
    expect(await page.locator('#result-body').textContent()).toContain('Positive cues');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download JSON' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('sentiment-result.json');
    const saved = JSON.parse(await readFile(await file.path(), 'utf8'));
    expect(saved.sentiment.sentiment).toBe('positive');

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}playground.png`, fullPage: true });
  });

  it('loads an uploaded .md file and refuses one that is too large', async () => {
    const markdown = '# Notes\n\nThe team shipped the new search page on Friday and users love how fast it is.';
    await page.getByLabel('Or upload a .txt or .md file').setInputFiles({
      name: 'notes.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(markdown),
    });
    await expect.poll(() => page.getByLabel('Text', { exact: true }).inputValue()).toBe(markdown);
    expect(await page.locator('#file-message').textContent()).toContain('Loaded notes.md');

    await page.getByLabel('Or upload a .txt or .md file').setInputFiles({
      name: 'huge.txt',
      mimeType: 'text/plain',
      buffer: Buffer.alloc(300 * 1024, 'a'),
    });
    await expect
      .poll(() => page.locator('#file-message').textContent())
      .toMatch(/huge\.txt is 300 KB; the limit is 200 KB/);
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(markdown);
  });

  it('shows the server error code when the key is wrong, and a hint for a too-short text', async () => {
    await page.getByLabel('Text', { exact: true }).fill('Too short');
    await page.getByRole('button', { name: 'Process text' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Enter a text of at least 10 characters.');

    await page.getByLabel('Text', { exact: true }).fill(NEWS_ARTICLE.text);
    await page.getByLabel('API key').fill('wrong-key');
    await page.getByLabel('API key').press('Tab');
    await page.getByLabel('Operation').waitFor();
    await expect.poll(() => page.locator('#form-message').textContent()).toContain('Cannot load the operations');
    expect(await page.getByRole('button', { name: 'Process text' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Forget' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Process text' }).isDisabled()).toBe(false);
    await page.getByLabel('Operation').selectOption('summarize');
    await page.getByRole('button', { name: 'Process text' }).click();
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.locator('#error-title').textContent()).toBe('API key needed (AUTHENTICATION_ERROR)');
    expect(await page.locator('#error-message').textContent()).toMatch(/^API key required/);
  });

  it('ran without script errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
