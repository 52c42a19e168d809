import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from './asyncapi-document';

// `npm run asyncapi`: writes the document to the path the script passes.
const target = process.argv[2] ?? 'docs/asyncapi.yaml';
writeFileSync(target, stringify(buildAsyncApiDocument(), { aliasDuplicateObjects: false }));
process.stdout.write(`wrote ${target}\n`);
