import { randomUUID } from 'node:crypto';
import type { Caller } from '../../../lib/auth/Caller.ts';
import { checkSigningSecret, signRequest } from '../../../lib/auth/requestSigning.ts';
import type { SubgraphName } from '../../../lib/config.ts';

/** How a peer gateway process is told what to serve and whom to sign for (environment variables, set by bench/gateways.ts). */
export interface PeerConfig {
  port: number;
  host: string;
  /** Path of the supergraph SDL every contender serves. */
  supergraph: string;
  /** Where each subgraph really listens (the supergraph's URLs are the defaults, not these). */
  subgraphUrls: Record<SubgraphName, string>;
  secret: string;
  /** The benchmark caller: the same one our gateway signs for the benchmark key. */
  caller: Caller;
}

const required = (env: NodeJS.ProcessEnv, name: string): string => {
  const value = env[name];
  if (!value) throw new TypeError(`${name} is required (bench/gateways.ts sets it for each peer gateway)`);
  return value;
};

/** Reads {@link PeerConfig} from `PORT`, `HOST`, `BENCH_SUPERGRAPH`, `BENCH_SUBGRAPH_URLS` (JSON), `SUBGRAPH_SIGNING_SECRET` and `BENCH_CALLER` (JSON). */
export function peerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PeerConfig {
  const port = Number(required(env, 'PORT'));
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new TypeError(`PORT must be a TCP port, got "${env.PORT}"`);
  const caller = JSON.parse(required(env, 'BENCH_CALLER')) as Caller;
  if (typeof caller?.accountId !== 'string' || !Array.isArray(caller.scopes)) throw new TypeError(`BENCH_CALLER must be a Caller as JSON, got ${env.BENCH_CALLER}`);
  return {
    port,
    host: env.HOST || 'localhost',
    supergraph: required(env, 'BENCH_SUPERGRAPH'),
    subgraphUrls: JSON.parse(required(env, 'BENCH_SUBGRAPH_URLS')) as Record<SubgraphName, string>,
    secret: checkSigningSecret(required(env, 'SUBGRAPH_SIGNING_SECRET')),
    caller,
  };
}

/**
 * The headers our gateway adds to a subgraph request, for a peer's request:
 * the fixed benchmark caller, a fresh request id and nonce, and the HMAC over
 * exactly the bytes about to be sent (so the subgraphs do the same
 * verification work for every contender).
 */
export function signPeerRequest(config: Pick<PeerConfig, 'secret' | 'caller'>, url: string, body: string): Record<string, string> {
  const { pathname, search } = new URL(url);
  return signRequest(config.secret, { method: 'POST', path: `${pathname}${search}`, body, caller: config.caller, requestId: randomUUID() });
}

/** Headers of a fetch init as a plain object, whichever of the three shapes they came in. */
export function plainHeaders(headers: unknown): Record<string, string> {
  if (!headers) return {};
  if (typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)) {
    const out: Record<string, string> = {};
    (headers as Headers).forEach((value, name) => (out[name] = value));
    return out;
  }
  if (Array.isArray(headers)) return Object.fromEntries(headers as [string, string][]);
  return { ...(headers as Record<string, string>) };
}
