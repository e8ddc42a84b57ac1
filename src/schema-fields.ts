import type { z } from 'zod';

/**
 * What a schema field is once its optional/default/pipe wrappers are looked through: the CLI
 * derives flags from this, `ragset init` its commented starter config.
 */

export type AnyZod = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

export interface FieldInfo {
  /** The schema under optional/default/pipe wrappers. */
  base: AnyZod;
  type: string;
  description: string | undefined;
  hasDefault: boolean;
  defaultValue: unknown;
  required: boolean;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'pipe', 'nonoptional']);

/** What a field is once its wrappers are looked through. */
export function fieldInfo(field: z.ZodType): FieldInfo {
  let current = field as AnyZod;
  let description = current.description;
  let hasDefault = false;
  let defaultValue: unknown;
  let optional = false;
  while (WRAPPERS.has(current._zod.def.type)) {
    const def = current._zod.def;
    if (def.type === 'default' || def.type === 'prefault') {
      if (!hasDefault) defaultValue = def.defaultValue;
      hasDefault = true;
    }
    if (def.type === 'optional' || def.type === 'nullable') optional = true;
    current = (def.type === 'pipe' ? def.in : def.innerType) as AnyZod;
    description ??= current.description;
  }
  return { base: current, type: current._zod.def.type, description, hasDefault, defaultValue, required: !hasDefault && !optional };
}

