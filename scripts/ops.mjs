#!/usr/bin/env node
// The operator CLI (`npm run ops -- <command>`): bundles libs/messaging's ops entry with esbuild, then runs it.
import { join } from 'node:path';
import { runBundled } from './lib/bundle.mjs';
import { root } from './lib/infra.mjs';

await runBundled('libs/messaging/src/ops/main.ts', join(root, 'dist', 'tools', 'ops', 'main.js'));
