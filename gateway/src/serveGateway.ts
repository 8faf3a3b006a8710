import { hostFromEnv, intFromEnv, SUBGRAPHS, subgraphUrl, type SubgraphName } from '../../lib/config.ts';
import { serveApollo, type RunningServer } from '../../lib/http/serveApollo.ts';
import { createGateway, healthUrl, type GatewayOptions } from './createGateway.ts';

/** Options for {@link serveGateway}. */
export interface ServeGatewayOptions extends GatewayOptions {
  /** @default `GATEWAY_PORT`, else 4000 */
  port?: number;
  /** @default `HOST`, else localhost */
  host?: string;
}

/** Serves the gateway; `/health` reports each subgraph's own /health. */
export async function serveGateway(options: ServeGatewayOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const { server } = createGateway(options);
  const urls = Object.fromEntries(
    SUBGRAPHS.map(({ name }) => [name, options.subgraphUrls?.[name] ?? subgraphUrl(name as SubgraphName, env)]),
  );
  return serveApollo({
    server,
    port: options.port ?? intFromEnv(env, 'GATEWAY_PORT', 4000),
    host: options.host ?? hostFromEnv(env),
    context: async () => ({}),
    health: async () => {
      const subgraphs = Object.fromEntries(
        await Promise.all(
          Object.entries(urls).map(async ([name, url]) => {
            const state = await fetch(healthUrl(url), { signal: AbortSignal.timeout(2_000) })
              .then(async (res) => ((await res.json()) as { status: string }).status)
              .catch(() => 'down');
            return [name, state] as const;
          }),
        ),
      );
      const states = Object.values(subgraphs);
      // The gateway itself answers; a subgraph that does not makes it degraded, not down.
      return { status: states.every((s) => s === 'ok') ? 'ok' : 'degraded', subgraphs };
    },
  });
}
