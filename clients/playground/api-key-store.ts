/**
 * Where the playground keeps the API key: sessionStorage, so it lives as long as the tab and is
 * never written to disk by the page. Storage may be unavailable (privacy modes): then the key
 * simply isn't remembered.
 */
const STORAGE_KEY = 'ai-text-playground:api-key';

export interface ApiKeyStore {
  read(): string;
  write(key: string): void;
}

export function createApiKeyStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): ApiKeyStore {
  return {
    read() {
      try {
        return storage.getItem(STORAGE_KEY) ?? '';
      } catch {
        return '';
      }
    },
    write(key) {
      try {
        if (key) storage.setItem(STORAGE_KEY, key);
        else storage.removeItem(STORAGE_KEY);
      } catch {
        // Not remembered; the key still works for this page.
      }
    },
  };
}
