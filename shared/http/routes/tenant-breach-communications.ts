import * as z from 'zod/mini';
import { breachCommunication, breachCommunicationRecipient, createBreachCommunicationBody } from '../../model/breach-communication.ts';
import { id, page } from '../../model/common.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { listQuery } from '../wire.ts';

const breachCommunicationPath = z.strictObject({ campaignId: id });

/**
 * The tenant's Art. 34 communications to its own data subjects (BRE-5), spread into the route
 * table: a campaign is created here and sent by the `breach-communications` job at the SES rate.
 */
export const TENANT_BREACH_COMMUNICATIONS_ROUTES = [
  {
    operationId: 'createBreachCommunication',
    method: 'POST',
    path: '/v1/breach-communications',
    handler: 'tenant-breach-communications',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Queue an Art. 34 communication about an incident that affects the tenant to its data subjects',
    tags: ['breach-communications'],
    body: createBreachCommunicationBody,
    response: breachCommunication,
    successStatus: 201,
    // A retry without a key would send the whole fan-out again.
    requiresIdempotencyKey: true,
    // The contact point is a person's name and address: an idempotency record keeps none of it.
    replayKeeps: ['id', 'incidentId', 'status', 'createdAt'],
  },
  {
    operationId: 'listBreachCommunications',
    method: 'GET',
    path: '/v1/breach-communications',
    handler: 'tenant-breach-communications',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Breach communications, oldest first, with their progress',
    tags: ['breach-communications'],
    query: listQuery,
    response: page(breachCommunication),
    successStatus: 200,
  },
  {
    operationId: 'getBreachCommunication',
    method: 'GET',
    path: '/v1/breach-communications/{campaignId}',
    handler: 'tenant-breach-communications',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'One breach communication: recipients sent, skipped (by reason) and failed, and its status',
    tags: ['breach-communications'],
    params: breachCommunicationPath,
    response: breachCommunication,
    successStatus: 200,
  },
  {
    operationId: 'listBreachCommunicationRecipients',
    method: 'GET',
    path: '/v1/breach-communications/{campaignId}/recipients',
    handler: 'tenant-breach-communications',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Per-recipient delivery records of a breach communication: subject, status, SES message id, time',
    tags: ['breach-communications'],
    params: breachCommunicationPath,
    query: listQuery,
    response: page(breachCommunicationRecipient),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
