#!/usr/bin/env node
// `npm run asyncapi`: writes docs/asyncapi.yaml from the event schemas in libs/contracts.
import { join } from 'node:path';
import { runBundled } from './lib/bundle.mjs';
import { root } from './lib/infra.mjs';

await runBundled('libs/contracts/src/asyncapi/main.ts', join(root, 'dist', 'tools', 'asyncapi', 'main.js'), [
  join(root, 'docs', 'asyncapi.yaml'),
]);
