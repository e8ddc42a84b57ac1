import { writeFileSync } from 'node:fs';
import { CONFIG_SCHEMA_FILE, configSchemaText } from '../src/api/config-schema.js';

/** Regenerates the shipped JSON Schema of the config file (test/cli/config-schema.test.ts fails when it is stale). */
writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText());
console.log(`wrote ${CONFIG_SCHEMA_FILE}`);
