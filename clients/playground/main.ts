/**
 * The playground page: the operation catalogue drives the form, the typed tRPC client does every
 * call, results are rendered for people and can be downloaded as JSON.
 */
import { SAMPLE_TEXTS } from '../../tests/fixtures/sample-texts.js';
import { createApiClient, type ApiClient } from '../api-client.js';
import { createApiKeyStore } from './api-key-store.js';
import type { OperationDescription, ProcessRequest, ProcessResponse } from './api-types.js';
import { createElement } from './create-element.js';
import { describeError, type DisplayError } from './describe-error.js';
import { createOptionControls } from './option-controls.js';
import { readTextFile } from './read-text-file.js';
import { renderResult } from './render-result.js';
import { refreshStatus } from './status-panel.js';

/** The server's default INPUT_MAX_LENGTH; a server configured otherwise says so in its 422. */
const TEXT_MAX_LENGTH = 10_000;
const TEXT_MIN_LENGTH = 10;

function byId<Element extends HTMLElement>(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as Element;
}

const form = byId<HTMLFormElement>('process-form');
const apiKeyInput = byId<HTMLInputElement>('api-key');
const operationSelect = byId<HTMLSelectElement>('operation');
const operationDescription = byId('operation-description');
const questionField = byId('question-field');
const questionInput = byId<HTMLInputElement>('question');
const textArea = byId<HTMLTextAreaElement>('text');
const textCount = byId('text-count');
const fileInput = byId<HTMLInputElement>('file');
const fileMessage = byId('file-message');
const submitButton = byId<HTMLButtonElement>('submit');
const formMessage = byId('form-message');
const resultSection = byId('result');
const errorSection = byId('error');
const statusElements = { api: byId('status-api'), cache: byId('status-cache'), components: byId('status-components') };
const resultElements = { metrics: byId('result-metrics'), body: byId('result-body'), json: byId('result-json') };
const optionControls = createOptionControls(byId<HTMLFieldSetElement>('options'), byId('option-controls'));

const keyStore = createApiKeyStore(window.sessionStorage);
let client: ApiClient = connect(keyStore.read());
let catalogue: readonly OperationDescription[] = [];
let lastResponse: ProcessResponse | undefined;
let busy = false;

function connect(apiKey: string): ApiClient {
  return createApiClient({ url: window.location.origin, ...(apiKey ? { apiKey } : {}) });
}

function selectedOperation(): OperationDescription | undefined {
  return catalogue.find((operation) => operation.id === operationSelect.value);
}

function showError(error: DisplayError): void {
  byId('error-title').textContent = error.code ? `${error.title} (${error.code})` : error.title;
  byId('error-message').textContent = error.message;
  byId('error-fields').replaceChildren(...error.fields.map((field) => createElement('li', { text: field })));
  errorSection.hidden = false;
}

function updateSubmit(): void {
  submitButton.disabled = busy || catalogue.length === 0;
  submitButton.textContent = busy ? 'Processing…' : 'Process text';
}

function updateCount(): void {
  const length = textArea.value.trim().length;
  textCount.textContent = `${length.toLocaleString('en')} / ${TEXT_MAX_LENGTH.toLocaleString('en')} characters`;
  textCount.dataset.state = length > TEXT_MAX_LENGTH ? 'over' : 'ok';
}

function onOperationChange(): void {
  const operation = selectedOperation();
  operationDescription.textContent = operation?.description ?? '';
  optionControls.show(operation?.option_details ?? []);
  questionField.hidden = !operation?.requires_question;
}

async function loadCatalogue(): Promise<void> {
  const previous = operationSelect.value;
  try {
    catalogue = (await client.public.operations.query()).operations;
    operationSelect.replaceChildren(
      ...catalogue.map((operation) =>
        createElement('option', { text: operation.name, attributes: { value: operation.id } }),
      ),
    );
    if (catalogue.some((operation) => operation.id === previous)) operationSelect.value = previous;
    operationSelect.disabled = false;
    formMessage.textContent = '';
  } catch (error) {
    catalogue = [];
    operationSelect.replaceChildren(createElement('option', { text: 'Operations unavailable' }));
    operationSelect.disabled = true;
    const described = describeError(error);
    formMessage.textContent = `Cannot load the operations: ${described.message}`;
  }
  onOperationChange();
  updateSubmit();
}

function reconnect(): void {
  keyStore.write(apiKeyInput.value.trim());
  client = connect(apiKeyInput.value.trim());
  void loadCatalogue();
  void refreshStatus(client, statusElements);
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

async function onSubmit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const operation = selectedOperation();
  if (!operation || busy) return;
  const request = toRequest(operation);
  if (typeof request === 'string') {
    formMessage.textContent = request;
    return;
  }
  busy = true;
  updateSubmit();
  formMessage.textContent = '';
  errorSection.hidden = true;
  try {
    lastResponse = await client.public.process.mutate(request);
    renderResult(lastResponse, resultElements);
    resultSection.hidden = false;
    resultSection.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  } catch (error) {
    resultSection.hidden = true;
    showError(describeError(error));
  } finally {
    busy = false;
    updateSubmit();
  }
  void refreshStatus(client, statusElements);
}

function download(): void {
  if (!lastResponse) return;
  const blob = new Blob([`${JSON.stringify(lastResponse, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = createElement('a', { attributes: { href: url, download: `${lastResponse.operation}-result.json` } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
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

apiKeyInput.value = keyStore.read();
apiKeyInput.addEventListener('change', reconnect);
byId('forget-key').addEventListener('click', () => {
  apiKeyInput.value = '';
  reconnect();
});
byId('refresh-status').addEventListener('click', () => void refreshStatus(client, statusElements));
byId('download').addEventListener('click', download);
operationSelect.addEventListener('change', onOperationChange);
textArea.addEventListener('input', updateCount);
fileInput.addEventListener('change', () => void onFileChange());
form.addEventListener('submit', (event) => void onSubmit(event));

renderExamples();
updateCount();
void loadCatalogue();
void refreshStatus(client, statusElements);
