import document from '../../docs/openapi.json' with { type: 'json' };
import { httpHandler } from '../../shared/http/handler.ts';
import { OPENAPI_ROUTES } from '../../shared/http/routes/openapi.ts';

/** Serves the checked-in document; a test fails when it is stale against the route table. */
export const handler = httpHandler(OPENAPI_ROUTES, {
  async getOpenApi() {
    return { body: document };
  },
});
