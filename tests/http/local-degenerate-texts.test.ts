import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../domain/operations.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('the offline provider over HTTP', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ AI_PROVIDERS: 'local' });
  });
  afterAll(async () => testApp.deps.close());

  it.each(['stringstri', '1234567890', 'aaaaaaaaaaaaaaaa'])('answers every operation on %j with 200', async (text) => {
    for (const operation of OPERATIONS) {
      const response = await request(testApp.app)
        .post('/v1/text_processing/process')
        .send({ text, operation, ...(operation === 'qa' ? { question: 'What is it?' } : {}) });
      expect(response.status, `${operation}: ${JSON.stringify(response.body)}`).toBe(200);
      expect(response.body).toMatchObject({ success: true, operation, metadata: { provider: 'local' } });
    }
  });
});
