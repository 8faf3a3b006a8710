import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginUsageReporting } from '@apollo/server/plugin/usageReporting';
import { logger } from '../../../lib/logger.ts';

// Apollo Gateway otherwise probes the cloud metadata endpoints when it is built and posts host metrics to Apollo
// when it stops, with or without a key. `APOLLO_TELEMETRY_DISABLED=false` turns that back on.
process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';

let warnedIncomplete = false;

/**
 * The usage-reporting plugin for one of the gateway's Apollo Servers (call it
 * once per server: a plugin instance holds that server's reports).
 *
 * With `APOLLO_KEY` and `APOLLO_GRAPH_REF` in `env`: operation signatures,
 * stats and traces (federated, with the subgraphs' timings) go to Apollo
 * Studio, or to `APOLLO_USAGE_REPORTING_ENDPOINT` (a self-hosted collector;
 * reports are POSTed gzipped to `<endpoint>/api/ingress/traces`), every 10
 * seconds and when the server stops. Apollo's defaults apply: no variable
 * values and no HTTP headers (so no API key) are sent, and error messages are
 * masked. Without both variables: the disabled plugin, so Apollo Server does
 * not install its own from `process.env`, and nothing leaves the process.
 */
export function usageReportingPlugins<TContext extends BaseContext>(env: NodeJS.ProcessEnv): ApolloServerPlugin<TContext>[] {
  const key = env.APOLLO_KEY?.trim();
  const graphRef = env.APOLLO_GRAPH_REF?.trim();
  if (!key || !graphRef) {
    if ((key || graphRef) && !warnedIncomplete) {
      warnedIncomplete = true;
      logger.warn('Apollo usage reporting needs both APOLLO_KEY and APOLLO_GRAPH_REF (graph@variant); it is off.');
    }
    return [ApolloServerPluginUsageReportingDisabled()];
  }
  const plugin = ApolloServerPluginUsageReporting<TContext>({ endpointUrl: env.APOLLO_USAGE_REPORTING_ENDPOINT || undefined });
  const apollo = { key, keyHash: createHash('sha512').update(key).digest('hex'), graphRef };
  // Apollo Server reads its key from process.env; ours comes from `env`, like the rest of the gateway's configuration.
  return [{ ...plugin, serverWillStart: async (service) => plugin.serverWillStart?.({ ...service, apollo }) }];
}
