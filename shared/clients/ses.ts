import type { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { runtime } from '../config/runtime.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';

let api: Promise<{ client: SESClient; SendEmail: typeof SendEmailCommand }> | undefined;

/**
 * The one SES client, with the one command we send; on the local platform it talks to the local
 * SES and its inbox. Loaded on first use: most requests send no e-mail, and the client would
 * slow every cold start.
 */
export function sesApi(): Promise<{ client: SESClient; SendEmail: typeof SendEmailCommand }> {
  api ??= import('@aws-sdk/client-ses').then((m) => ({ client: new m.SESClient(clientConfig(runtime.sesEndpoint, CLIENT_BUDGETS.ses)), SendEmail: m.SendEmailCommand }));
  return api;
}
