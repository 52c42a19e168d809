#!/usr/bin/env node
// The operator CLI (`npm run ops -- <command>`): bundles tools/ops with esbuild, then runs it.
import { join } from 'node:path';
import { runBundled } from './lib/bundle.mjs';
import { root } from './lib/infra.mjs';

await runBundled('tools/ops/src/main.ts', join(root, 'dist', 'tools', 'ops', 'main.js'));
