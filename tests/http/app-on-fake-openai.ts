import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { createTestApp, type TestApp } from './test-app.js';

/** The key the public API of these apps accepts. */
export const USER_KEY = 'user-key-0001';
/** The key their operator (`/internal`) API accepts. */
export const OPERATOR_KEY = 'operator-key-0001';

export interface AppOnFakeOpenAi {
  /** Started before the describe block, reset before each test, closed after the block. */
  readonly fake: FakeLlmServer;
  /** The real app with both keys and OpenAI on the fake server, `env` on top; closed after the test. */
  start(env: Record<string, string>): Promise<TestApp>;
}

/**
 * The real app against a fake OpenAI server, for the tests of one describe block: call it in the
 * block, it registers the hooks that start, reset and close the server and close each test's app.
 */
export function useAppOnFakeOpenAi(): AppOnFakeOpenAi {
  let fake: FakeLlmServer | undefined;
  let testApp: TestApp | undefined;

  beforeAll(async () => {
    fake = await startFakeLlmServer();
  });
  beforeEach(() => fake?.reset());
  afterEach(async () => {
    await testApp?.deps.close();
    testApp = undefined;
  });
  afterAll(async () => fake?.close());

  const started = (): FakeLlmServer => {
    if (!fake) throw new Error('The fake OpenAI server starts in beforeAll');
    return fake;
  };
  return {
    get fake() {
      return started();
    },
    async start(env) {
      testApp = await createTestApp({
        API_KEY: USER_KEY,
        INTERNAL_API_KEYS: OPERATOR_KEY,
        OPENAI_API_KEY: 'test',
        OPENAI_BASE_URL: `${started().url}/v1`,
        ...env,
      });
      return testApp;
    },
  };
}
