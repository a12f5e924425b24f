import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { issueOpen311Key } from '../../../commands/open311/issue-open311-key.ts';
import {
  findOpen311Client,
  listOpen311Clients,
  type Open311ClientRow,
  revokeOpen311Client,
} from '../../../db/repositories/open311.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';
import { issueKeySchema, listClientsSchema, revokeKeySchema } from './schema.ts';

function presentClient(row: Open311ClientRow) {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    keyHint: row.key_hint,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** The administrators' side of Open311: the clients, issuing a key (shown once) and revoking one. */
export const open311ClientRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, clock }) => {
  app.get('/api/v1/open311/clients', { schema: listClientsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'open311:manage', ownPlace(actor));
    return { items: (await listOpen311Clients(db)).map(presentClient) };
  });

  app.post('/api/v1/open311/clients', { schema: issueKeySchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'open311:manage', ownPlace(actor));
    const { client, key } = await issueOpen311Key(
      db,
      {
        name: request.body.name.trim(),
        source: request.body.source,
        areaCode: actor.areaPath?.split('/').at(-1) ?? null,
        createdBy: actor.userId,
      },
      clock(),
    );
    reply.header('location', `/api/v1/open311/clients/${client.id}`);
    return reply.status(201).send({ ...presentClient(client), key });
  });

  app.post('/api/v1/open311/clients/:id/revoke', { schema: revokeKeySchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'open311:manage', ownPlace(actor));
    const client = await findOpen311Client(db, request.params.id);
    if (!client) throw problems.notFound();
    if (!(await revokeOpen311Client(db, client.id, actor.userId, clock()))) {
      throw problems.conflict({
        'zh-CN': `“${client.name}”的密钥已于此前吊销。如需恢复对接，请签发新密钥。`,
        en: `The key of "${client.name}" was revoked already; issue a new key to connect it again.`,
      });
    }
    return presentClient((await findOpen311Client(db, client.id))!);
  });
};
