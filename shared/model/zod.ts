import { config } from 'zod/mini';
import type { ZodMiniType } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * Schemas use zod's tree-shakable "mini" build (`import * as z from 'zod/mini'` in each file,
 * never re-exported as a value: that would keep every locale and the JSON Schema code in every
 * bundle). Classic zod would add about 440 KB to each function. This module gives the English
 * messages; `validate` imports it, so every function that checks input has them.
 */
config(en());

export type Schema = ZodMiniType;
