import { readFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../../clients/playground/build-playground.js';
import { NEGATIVE_REVIEW, NEWS_ARTICLE, POSITIVE_REVIEW } from '../../clients/playground/sample-texts.js';
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
    // The catalogue is fetched after the page has loaded: on a busy machine it may come later.
    await expect
      .poll(() => page.getByLabel('Operation').locator('option').allTextContents())
      .toEqual(['Summarize', 'Sentiment Analysis', 'Key Points', 'Generate Questions', 'Question & Answer']);
    await expect.poll(() => page.locator('#status-api').textContent()).toMatch(/^Connected · healthy · v1\.0\.0$/);
    await expect.poll(() => page.locator('#status-cache').textContent()).toBe('Enter an API key to see the cache');

    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('API key').press('Tab');
    await expect.poll(() => page.locator('#status-cache').textContent()).toMatch(/^Memory cache · \d+ entr(y|ies)/);
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

  it('clears the previous result and error when the text is too short, and says why', async () => {
    await page.getByRole('button', { name: POSITIVE_REVIEW.title }).click();
    await process('sentiment');

    await page.getByLabel('Text', { exact: true }).fill('Too short');
    await page.getByRole('button', { name: 'Process text' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Enter a text of at least 10 characters.');
    expect(await page.locator('#result').isVisible()).toBe(false);
    expect(await page.locator('#error').isVisible()).toBe(false);
  });

  it('says a wrong key was refused, keeps the form usable, and works once the key is fixed', async () => {
    const keyMessage = page.locator('#api-key-message');
    await page.getByLabel('API key').fill('wrong-key');
    await page.getByLabel('API key').press('Tab');
    await expect.poll(() => keyMessage.textContent()).toBe('The API key was refused — check it.');
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
    // The catalogue needs no key: the operations stay, and so do the examples.
    expect(await page.getByLabel('Operation').isDisabled()).toBe(false);
    expect(await page.getByLabel('Operation').locator('option').count()).toBe(5);
    await page.getByRole('button', { name: NEWS_ARTICLE.title }).click();
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(NEWS_ARTICLE.text);

    await page.getByLabel('Operation').selectOption('summarize');
    await page.getByRole('button', { name: 'Process text' }).click();
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.locator('#error-title').textContent()).toBe('API key refused (AUTHENTICATION_ERROR)');
    expect(await keyMessage.isVisible()).toBe(true);

    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('API key').press('Tab');
    await expect.poll(() => keyMessage.isVisible()).toBe(false);
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBeNull();
    await process('summarize');
    expect(await page.locator('#error').isVisible()).toBe(false);

    // Without any key the service asks for one; that is not a refused key.
    await page.getByRole('button', { name: 'Forget' }).click();
    await page.getByRole('button', { name: 'Process text' }).click();
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.locator('#error-title').textContent()).toBe('API key needed (AUTHENTICATION_ERROR)');
    expect(await page.locator('#error-message').textContent()).toMatch(/^API key required/);
    expect(await keyMessage.isVisible()).toBe(false);

    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('API key').press('Tab');
  });

  it('processes pasted JSON lines as a batch: progress, a row per item, JSONL and CSV downloads', async () => {
    await page.getByLabel('Operation').selectOption('key_points');
    await page.getByRole('slider', { name: 'Max points' }).fill('2');
    await page.getByRole('tab', { name: 'Batch' }).click();
    expect(await page.getByRole('tab', { name: 'Batch' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#result').isVisible()).toBe(false);

    const lines = [
      { id: 'r1', text: POSITIVE_REVIEW.text, operation: 'sentiment' },
      { id: 'r2', text: 'Too short', operation: 'summarize' },
      { id: 'r3', text: NEWS_ARTICLE.text },
    ];
    await page.getByLabel('Batch items').fill(lines.map((line) => JSON.stringify(line)).join('\n'));
    expect(await page.locator('#batch-count').textContent()).toBe('3 items · JSON lines');

    // Held back a moment, so the run can be seen in progress.
    await page.route('**/v1/text_processing/batch_process', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Process batch' }).click();
    const summary = page.locator('#batch-summary');
    await expect.poll(() => summary.textContent()).toBe('Processing… 0 of 3 processed · 0 completed · 0 failed');
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true);
    await expect.poll(() => summary.textContent()).toBe('Done: 3 of 3 processed · 2 completed · 1 failed');
    await page.unroute('**/v1/text_processing/batch_process');
    expect(await page.locator('#batch-progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([
      3, 3,
    ]);
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(false);

    const rows = page.locator('#batch-rows tr');
    expect(await rows.count()).toBe(3);
    const cells = async (row: number) => rows.nth(row).locator('td').allTextContents();
    expect(await cells(0)).toEqual(['1', 'r1', 'sentiment', 'completed', expect.stringMatching(/^positive \(\d+%\)/)]);
    expect(await cells(1)).toEqual(['2', 'r2', 'summarize', 'failed', expect.stringMatching(/^VALIDATION_ERROR: /)]);
    const [, , operation, status, points] = await cells(2);
    expect([operation, status]).toEqual(['key_points', 'completed']);
    expect(points?.split('\n')).toHaveLength(2);

    const jsonl = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download JSONL' }).click();
    const jsonlFile = await jsonl;
    expect(jsonlFile.suggestedFilename()).toBe('batch-results.jsonl');
    const records = (await readFile(await jsonlFile.path(), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((record) => [record.index, record.id, record.status])).toEqual([
      [0, 'r1', 'completed'],
      [1, 'r2', 'failed'],
      [2, 'r3', 'completed'],
    ]);
    expect(records[0].response.sentiment.sentiment).toBe('positive');
    expect(records[1].error.code).toBe('VALIDATION_ERROR');
    expect(records[2].response.key_points).toHaveLength(2);

    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csvFile = await csv;
    expect(csvFile.suggestedFilename()).toBe('batch-results.csv');
    const csvText = await readFile(await csvFile.path(), 'utf8');
    expect(
      csvText.startsWith('index,id,operation,status,result,error_code,error_message\r\n0,r1,sentiment,completed,'),
    ).toBe(true);
    expect(csvText).toContain('\r\n1,r2,summarize,failed,,VALIDATION_ERROR,');

    await page.screenshot({ path: `${SCREENSHOTS}playground-batch.png`, fullPage: true });
  });

  it('stops a batch between chunks and keeps the results so far', async () => {
    const items = Array.from({ length: 12 }, (_, index) =>
      JSON.stringify({ id: `s${index}`, text: `Review number ${index}: the service was quick and friendly.` }),
    );
    await page.getByLabel('Operation').selectOption('sentiment');
    await page.getByLabel('Batch items').fill(items.join('\n'));
    await page.route('**/v1/text_processing/batch_process', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue().catch(() => undefined); // the page may have cancelled it meanwhile
    });
    await page.getByRole('button', { name: 'Process batch' }).click();
    const summary = page.locator('#batch-summary');
    await expect.poll(() => summary.textContent()).toMatch(/^Processing… 10 of 12 processed/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => summary.textContent()).toBe('Stopped: 10 of 12 processed · 10 completed · 0 failed');
    await page.unroute('**/v1/text_processing/batch_process');
    expect(await page.getByRole('status').textContent()).toBe('Stopped; the results so far are below.');
    expect(await page.locator('#batch-rows tr').count()).toBe(10);
    expect(await page.getByRole('button', { name: 'Download JSONL' }).isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: 'Process batch' }).isDisabled()).toBe(false);
  });

  it('reads an uploaded CSV batch, and refuses unreadable input, clearing the previous run', async () => {
    await page.getByLabel('Or upload a .jsonl or .csv file').setInputFiles({
      name: 'reviews.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`id,text,operation\nn1,"${NEGATIVE_REVIEW.text.replace(/"/g, '""')}",sentiment\n`),
    });
    await expect.poll(() => page.locator('#batch-count').textContent()).toBe('1 item · CSV');
    expect(await page.getByLabel('Batch items').inputValue()).toContain('n1,');

    await page.getByLabel('Batch items').fill('{"text": "A text long enough to send."}\n{"id": 2}');
    await page.getByRole('button', { name: 'Process batch' }).click();
    expect(await page.getByRole('status').textContent()).toBe('JSON lines: line 2 needs a "text" string.');
    expect(await page.locator('#batch-result').isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'One text' }).click();
  });

  it('shows the whole API-key placeholder', async () => {
    const fits = await page.getByLabel('API key').evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return context.measureText(input.placeholder).width <= room;
    });
    expect(fits).toBe(true);
  });

  it('ran without script errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
