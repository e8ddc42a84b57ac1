import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSpecJsonSchema } from './spec.js';

/** Where the JSON Schema of the config file ships: `assets/`, found from src/ and from dist/src/. */
export const CONFIG_SCHEMA_NAME = 'ragset.config.schema.json';
export const CONFIG_SCHEMA_FILE = fileURLToPath(new URL(`../../assets/${CONFIG_SCHEMA_NAME}`, import.meta.url));

export function shippedConfigSchema(): string | undefined {
  for (const relative of ['../../assets/', '../../../assets/']) {
    const path = fileURLToPath(new URL(`${relative}${CONFIG_SCHEMA_NAME}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

export const configSchemaText = () => `${JSON.stringify(runSpecJsonSchema(), null, 2)}\n`;
