import type { LANGUAGES } from '../http/schemas/tenant.ts';

export type Language = (typeof LANGUAGES)[number];
