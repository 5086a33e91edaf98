import { jobHandler } from '../../shared/jobs/handler.ts';
import { completeErasures } from '../../shared/services/erasure-completion.ts';

export const handler = jobHandler('erasure-completion', completeErasures);
