import { SESClient } from '@aws-sdk/client-ses';
import { runtime } from '../config/runtime.ts';
import { clientConfig } from './endpoint.ts';

/** The one SES client; on the local platform it talks to the local SES and its inbox. */
export const ses = new SESClient(clientConfig(runtime.sesEndpoint));
