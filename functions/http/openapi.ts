import document from '../../docs/openapi.json' with { type: 'json' };
import { httpHandler } from '../../shared/http/handler.ts';

/** Serves the checked-in document; a test fails when it is stale against the route table. */
export const handler = httpHandler('openapi', {
  async getOpenApi() {
    return { body: document };
  },
});
