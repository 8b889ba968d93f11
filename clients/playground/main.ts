/**
 * The playground page: the operation catalogue drives the form; one text goes through the typed
 * tRPC client, a batch through the REST client and the CLI's chunk sender. Results are rendered
 * for people and can be downloaded.
 */
import { createApiClient, type ApiClient } from '../api-client.js';
import { createRestClient, type RestClient } from '../rest/rest-client.js';
import { createApiKeyStore } from './api-key-store.js';
import type { OperationDescription, ProcessRequest, ProcessResponse } from './api-types.js';
import { createBatchMode } from './batch-mode.js';
import { createElement } from './create-element.js';
import { describeError, isKeyRefusal, type DisplayError } from './describe-error.js';
import { downloadFile } from './download-file.js';
import { createOptionControls } from './option-controls.js';
import { FORMAT_NAMES, readBatchItems, toBatchItems, type BatchDefaults } from './read-batch-input.js';
import { readTextFile } from './read-text-file.js';
import { renderResult } from './render-result.js';
import { SAMPLE_TEXTS } from './sample-texts.js';
import { createStreamMode } from './stream-mode.js';
import { refreshStatus } from './status-panel.js';

/** The server's default INPUT_MAX_LENGTH; a server configured otherwise says so in its 422. */
const TEXT_MAX_LENGTH = 10_000;
const TEXT_MIN_LENGTH = 10;
const BATCH_FILE_MAX_BYTES = 2 * 1024 * 1024;
const KEY_REFUSED = 'The API key was refused — check it.';

type Mode = 'text' | 'batch';

function byId<Element extends HTMLElement>(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as Element;
}

const form = byId<HTMLFormElement>('process-form');
const apiKeyInput = byId<HTMLInputElement>('api-key');
const apiKeyMessage = byId('api-key-message');
const operationSelect = byId<HTMLSelectElement>('operation');
const operationDescription = byId('operation-description');
const questionField = byId('question-field');
const questionInput = byId<HTMLInputElement>('question');
const textArea = byId<HTMLTextAreaElement>('text');
const textCount = byId('text-count');
const fileInput = byId<HTMLInputElement>('file');
const fileMessage = byId('file-message');
const batchInput = byId<HTMLTextAreaElement>('batch-input');
const batchCount = byId('batch-count');
const batchFileInput = byId<HTMLInputElement>('batch-file');
const batchFileMessage = byId('batch-file-message');
const submitButton = byId<HTMLButtonElement>('submit');
const stopButton = byId<HTMLButtonElement>('stop');
const streamCheckbox = byId<HTMLInputElement>('stream');
const formMessage = byId('form-message');
const resultSection = byId('result');
const errorSection = byId('error');
const tabs: Record<Mode, { tab: HTMLButtonElement; panel: HTMLElement }> = {
  text: { tab: byId('mode-text'), panel: byId('text-panel') },
  batch: { tab: byId('mode-batch'), panel: byId('batch-panel') },
};
const statusElements = { api: byId('status-api'), cache: byId('status-cache'), components: byId('status-components') };
const resultElements = { metrics: byId('result-metrics'), body: byId('result-body'), json: byId('result-json') };
const optionControls = createOptionControls(byId<HTMLFieldSetElement>('options'), byId('option-controls'));

const keyStore = createApiKeyStore(window.sessionStorage);
let apiKey = keyStore.read();
let client: ApiClient = connect(apiKey);
let restClient: RestClient = connectRest(apiKey);
let catalogue: readonly OperationDescription[] = [];
let lastResponse: ProcessResponse | undefined;
let mode: Mode = 'text';
let busy = false;
/** The form message says the catalogue could not be loaded (cleared once it loads). */
let catalogueProblem = false;

const batchMode = createBatchMode({
  client: () => restClient,
  elements: {
    section: byId('batch-result'),
    progress: byId<HTMLProgressElement>('batch-progress'),
    summary: byId('batch-summary'),
    rows: byId<HTMLTableSectionElement>('batch-rows'),
    downloadJsonl: byId<HTMLButtonElement>('download-jsonl'),
    downloadCsv: byId<HTMLButtonElement>('download-csv'),
  },
});

const streamMode = createStreamMode({ client: () => client, elements: { output: byId('result-stream') } });

function connect(key: string): ApiClient {
  return createApiClient({ url: window.location.origin, ...(key ? { apiKey: key } : {}) });
}

function connectRest(key: string): RestClient {
  return createRestClient({ url: window.location.origin, ...(key ? { apiKey: key } : {}) });
}

function selectedOperation(): OperationDescription | undefined {
  return catalogue.find((operation) => operation.id === operationSelect.value);
}

function showKeyRefused(refused: boolean): void {
  apiKeyMessage.textContent = refused ? KEY_REFUSED : '';
  apiKeyMessage.hidden = !refused;
  if (refused) apiKeyInput.setAttribute('aria-invalid', 'true');
  else apiKeyInput.removeAttribute('aria-invalid');
}

/** What a failed call shows; a refused key is also flagged at the key field, where it is fixed. */
function describeFailure(error: unknown): DisplayError {
  const described = describeError(error);
  if (!apiKey || !isKeyRefusal(described)) return described;
  showKeyRefused(true);
  return described.code === 'AUTHENTICATION_ERROR' ? { ...described, title: 'API key refused' } : described;
}

function showError(error: DisplayError): void {
  byId('error-title').textContent = error.code ? `${error.title} (${error.code})` : error.title;
  byId('error-message').textContent = error.message;
  byId('error-fields').replaceChildren(...error.fields.map((field) => createElement('li', { text: field })));
  errorSection.hidden = false;
}

/** Clears what the previous submission left: its message, its error, and its result. */
function clearOutcome(): void {
  formMessage.textContent = '';
  errorSection.hidden = true;
  resultSection.hidden = true;
  byId('result-stream').hidden = true;
  batchMode.clear();
}

function updateSubmit(): void {
  submitButton.disabled = busy || catalogue.length === 0;
  const idle = mode === 'text' ? 'Process text' : 'Process batch';
  submitButton.textContent = busy ? 'Processing…' : idle;
  stopButton.hidden = !(busy && (mode === 'batch' || streamMode.running));
}

function updateCount(): void {
  const length = textArea.value.trim().length;
  textCount.textContent = `${length.toLocaleString('en')} / ${TEXT_MAX_LENGTH.toLocaleString('en')} characters`;
  textCount.dataset.state = length > TEXT_MAX_LENGTH ? 'over' : 'ok';
}

function updateBatchCount(): void {
  if (batchInput.value.trim() === '') {
    batchCount.textContent = '';
    return;
  }
  const read = readBatchItems(batchInput.value);
  batchCount.textContent = read.ok
    ? `${read.fields.length.toLocaleString('en')} ${read.fields.length === 1 ? 'item' : 'items'} · ${FORMAT_NAMES[read.format]}`
    : 'Not readable yet';
  batchCount.dataset.state = read.ok ? 'ok' : 'over';
}

function onOperationChange(): void {
  const operation = selectedOperation();
  operationDescription.textContent = operation?.description ?? '';
  optionControls.show(operation?.option_details ?? []);
  questionField.hidden = !operation?.requires_question;
}

function showCatalogue(operations: readonly OperationDescription[]): void {
  const previous = operationSelect.value;
  catalogue = operations;
  operationSelect.replaceChildren(
    ...catalogue.map((operation) =>
      createElement('option', { text: operation.name, attributes: { value: operation.id } }),
    ),
  );
  if (catalogue.some((operation) => operation.id === previous)) operationSelect.value = previous;
  operationSelect.disabled = false;
  if (catalogueProblem) formMessage.textContent = '';
  catalogueProblem = false;
}

/**
 * The catalogue needs no key, so a refused key must not take the form away: it is asked again
 * without the key, and a catalogue already shown stays when the service cannot be reached.
 */
async function loadCatalogue(): Promise<void> {
  const key = apiKey;
  try {
    showCatalogue((await client.public.operations.query()).operations);
  } catch (error) {
    // The key changed meanwhile: the load started for the new key tells.
    if (key !== apiKey) return;
    const described = describeFailure(error);
    try {
      if (!apiKey || !isKeyRefusal(described)) throw error;
      showCatalogue((await connect('').public.operations.query()).operations);
    } catch {
      if (catalogue.length === 0) {
        operationSelect.replaceChildren(createElement('option', { text: 'Operations unavailable' }));
        operationSelect.disabled = true;
        formMessage.textContent = `Cannot load the operations: ${described.message}`;
        catalogueProblem = true;
      }
    }
  }
  onOperationChange();
  updateSubmit();
}

/** Tells at once whether a newly entered key is accepted, before any text is sent. */
async function checkKey(): Promise<void> {
  if (!apiKey) return;
  const checked = apiKey;
  try {
    await client.public.authStatus.query();
  } catch (error) {
    if (checked === apiKey) describeFailure(error);
  }
}

function reconnect(): void {
  apiKey = apiKeyInput.value.trim();
  keyStore.write(apiKey);
  client = connect(apiKey);
  restClient = connectRest(apiKey);
  showKeyRefused(false);
  void checkKey();
  void loadCatalogue();
  void refreshStatus(client, statusElements, { keySent: Boolean(apiKey) });
}

function setMode(next: Mode): void {
  if (busy) return;
  mode = next;
  for (const [name, { tab, panel }] of Object.entries(tabs)) {
    const selected = name === next;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    panel.hidden = !selected;
  }
  clearOutcome();
  updateSubmit();
}

function renderExamples(): void {
  byId('examples').replaceChildren(
    ...SAMPLE_TEXTS.map((sample) => {
      const button = createElement('button', {
        text: sample.title,
        className: 'secondary',
        attributes: { type: 'button' },
      });
      button.addEventListener('click', () => {
        if (mode !== 'text') setMode('text');
        textArea.value = sample.text;
        questionInput.value = sample.question;
        fileInput.value = '';
        fileMessage.textContent = `Loaded the example “${sample.title}”.`;
        updateCount();
        textArea.focus();
      });
      return createElement('li', {}, [button]);
    }),
  );
}

function toRequest(operation: OperationDescription): ProcessRequest | string {
  const text = textArea.value;
  if (text.trim().length < TEXT_MIN_LENGTH) return `Enter a text of at least ${TEXT_MIN_LENGTH} characters.`;
  const question = questionInput.value.trim();
  if (operation.requires_question && !question) return 'Enter a question for this operation.';
  const options = optionControls.values();
  return {
    text,
    operation: operation.id,
    ...(operation.requires_question ? { question } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

function batchDefaults(operation: OperationDescription): BatchDefaults {
  const options = optionControls.values();
  const question = questionInput.value.trim();
  return {
    operation: operation.id,
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...(operation.requires_question && question ? { question } : {}),
  };
}

async function submitText(operation: OperationDescription): Promise<void> {
  const request = toRequest(operation);
  if (typeof request === 'string') {
    formMessage.textContent = request;
    textArea.focus();
    return;
  }
  try {
    if (streamCheckbox.checked) {
      resultElements.metrics.replaceChildren();
      resultElements.body.replaceChildren();
      resultSection.hidden = false;
      const pending = streamMode.run(request);
      updateSubmit();
      const streamed = await pending;
      if (streamed.end === 'stopped') {
        formMessage.textContent = 'Stopped; the text so far is above.';
        return;
      }
      lastResponse = streamed.response;
    } else {
      lastResponse = await client.public.process.mutate(request);
    }
    renderResult(lastResponse, resultElements);
    resultSection.hidden = false;
    resultSection.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  } catch (error) {
    showError(describeFailure(error));
  }
}

async function submitBatch(operation: OperationDescription): Promise<void> {
  const read = readBatchItems(batchInput.value);
  if (!read.ok) {
    formMessage.textContent = read.message;
    batchInput.focus();
    return;
  }
  try {
    const end = await batchMode.run(toBatchItems(read.fields, batchDefaults(operation)));
    if (end === 'stopped') formMessage.textContent = 'Stopped; the results so far are below.';
  } catch (error) {
    showError(describeFailure(error));
  }
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const operation = selectedOperation();
  if (!operation || busy) return;
  clearOutcome();
  busy = true;
  updateSubmit();
  try {
    await (mode === 'text' ? submitText(operation) : submitBatch(operation));
  } finally {
    busy = false;
    updateSubmit();
  }
  void refreshStatus(client, statusElements, { keySent: Boolean(apiKey) });
}

function download(): void {
  if (!lastResponse) return;
  downloadFile(
    `${lastResponse.operation}-result.json`,
    `${JSON.stringify(lastResponse, null, 2)}\n`,
    'application/json',
  );
}

async function onFileChange(): Promise<void> {
  const file = fileInput.files?.[0];
  if (!file) return;
  const read = await readTextFile(file);
  if (!read.ok) {
    fileMessage.textContent = read.message;
    fileInput.value = '';
    return;
  }
  textArea.value = read.text;
  fileMessage.textContent = `Loaded ${file.name} (${read.text.length.toLocaleString('en')} characters).`;
  updateCount();
}

async function onBatchFileChange(): Promise<void> {
  const file = batchFileInput.files?.[0];
  if (!file) return;
  const read = await readTextFile(file, {
    extensions: ['.jsonl', '.ndjson', '.csv'],
    kind: 'a .jsonl or .csv file',
    maxBytes: BATCH_FILE_MAX_BYTES,
  });
  batchFileInput.value = '';
  if (!read.ok) {
    batchFileMessage.textContent = read.message;
    return;
  }
  batchInput.value = read.text;
  batchFileMessage.textContent = `Loaded ${file.name}.`;
  updateBatchCount();
}

function onTabKey(event: KeyboardEvent): void {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
  const next: Mode = mode === 'text' ? 'batch' : 'text';
  setMode(next);
  tabs[next].tab.focus();
}

apiKeyInput.value = apiKey;
apiKeyInput.addEventListener('change', reconnect);
byId('forget-key').addEventListener('click', () => {
  apiKeyInput.value = '';
  reconnect();
});
byId('refresh-status').addEventListener(
  'click',
  () => void refreshStatus(client, statusElements, { keySent: Boolean(apiKey) }),
);
byId('download').addEventListener('click', download);
for (const [name, { tab }] of Object.entries(tabs)) {
  tab.addEventListener('click', () => setMode(name as Mode));
  tab.addEventListener('keydown', onTabKey);
}
stopButton.addEventListener('click', () => (mode === 'batch' ? batchMode.stop() : streamMode.stop()));
operationSelect.addEventListener('change', onOperationChange);
textArea.addEventListener('input', updateCount);
batchInput.addEventListener('input', updateBatchCount);
fileInput.addEventListener('change', () => void onFileChange());
batchFileInput.addEventListener('change', () => void onBatchFileChange());
form.addEventListener('submit', (event) => void onSubmit(event));

renderExamples();
updateCount();
void checkKey();
void loadCatalogue();
void refreshStatus(client, statusElements, { keySent: Boolean(apiKey) });
