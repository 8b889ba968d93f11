#!/usr/bin/env node
// The `ai-text` bin: runs the TypeScript CLI through tsx, so `npx ai-text` works from a clean clone.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
