import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TENANT_SESSION_TAG } from '../shared/store/tenant-boundary.ts';

/** The tenant data role of the local platform: the only role its STS stand-in vends credentials for. */
export const LOCAL_TENANT_DATA_ROLE_ARN = 'arn:aws:iam::000000000000:role/skrbnik-local-tenant-data';

export interface LocalSts {
  endpoint: string;
  /** Sessions vended so far, by tenant: what a test or the benchmark reads back. */
  sessions(): ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const TENANT_ID = /^[0-9a-z]{26}$/;
const token = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[^A-Za-z0-9]/g, '0');

/**
 * obligation: TEN-3 — a stand-in for STS's AssumeRole, as the local counterpart of the token
 * vending the cloud does (shared/clients/tenant-credentials.ts), so the local platform runs the
 * same code path: a tenant's table client is made with credentials assumed per tenant and cached
 * by the SDK. It refuses what the tenant data roles' trust policy refuses (another role, a session
 * without exactly one tenant tag holding a tenant id, a length outside 15 minutes to an hour).
 * DynamoDB Local accepts any credentials: the partitions are kept by the in-code boundary here
 * and by IAM in the cloud (proven with the policy simulator in test/infra/tenant-isolation.test.ts).
 */
export async function startSts(options: { port?: number } = {}): Promise<LocalSts> {
  const sessions = new Map<string, number>();
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const refuse = (status: number, code: string, message: string) => {
        response.writeHead(status, { 'Content-Type': 'text/xml' });
        response.end(`<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
      };
      if (form.get('Action') !== 'AssumeRole') return refuse(400, 'InvalidAction', 'Only AssumeRole is served locally');
      if (form.get('RoleArn') !== LOCAL_TENANT_DATA_ROLE_ARN) return refuse(403, 'AccessDenied', 'Not authorized to assume this role');
      const tags = [...form.keys()].filter((k) => /^Tags\.member\.\d+\.Key$/.test(k)).map((k) => [form.get(k), form.get(k.replace(/Key$/, 'Value'))]);
      const [tag] = tags;
      if (tags.length !== 1 || tag![0] !== TENANT_SESSION_TAG || !TENANT_ID.test(tag![1] ?? '')) {
        return refuse(403, 'AccessDenied', 'A session needs exactly one tenant tag holding a tenant id');
      }
      const seconds = Number(form.get('DurationSeconds') ?? 3600);
      if (!Number.isInteger(seconds) || seconds < 900 || seconds > 3600) return refuse(400, 'ValidationError', 'DurationSeconds must be 900 to 3600');
      const sessionName = form.get('RoleSessionName') ?? '';
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) return refuse(400, 'ValidationError', 'RoleSessionName is not valid');
      const tenantId = tag![1]!;
      sessions.set(tenantId, (sessions.get(tenantId) ?? 0) + 1);
      const expiration = new Date(Date.now() + seconds * 1000).toISOString();
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      response.end(
        `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><Credentials>` +
          `<AccessKeyId>ASIA${token(12).slice(0, 16).toUpperCase()}</AccessKeyId><SecretAccessKey>${token(30)}</SecretAccessKey>` +
          `<SessionToken>${token(48)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>AROALOCAL:${sessionName}</AssumedRoleId><Arn>${LOCAL_TENANT_DATA_ROLE_ARN.replace(':iam:', ':sts:').replace(':role/', ':assumed-role/')}/${sessionName}</Arn></AssumedRoleUser>` +
          `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    sessions: () => sessions,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
