import type { IncomingMessage, ServerResponse } from 'node:http';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import type { TestStack } from './stack.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts `intercept` in front of every subgraph's HTTP handler of a test stack
 * (to count, delay or hold what the gateway sends); it calls `app` to let a
 * request through.
 */
export function interceptSubgraphs(stack: TestStack, intercept: (name: SubgraphName, req: IncomingMessage, res: ServerResponse, app: Handler) => void): void {
  for (const { name } of SUBGRAPHS) {
    const { http } = stack.subgraphs[name];
    const [app] = http.listeners('request') as Handler[];
    http.removeAllListeners('request');
    http.on('request', (req: IncomingMessage, res: ServerResponse) => intercept(name, req, res, app!));
  }
}
