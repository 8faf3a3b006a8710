import type { ApolloServerPlugin } from '@apollo/server';
import { logger } from '../../../lib/logger.ts';
import type { GatewayContext } from '../context.ts';
import { operationDuration, operations } from './gatewayMetrics.ts';

/** Operation names are the caller's text: keep the label set small and safe. */
const label = (name: string | null | undefined) => (name && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : name ? 'invalid' : 'anonymous');

/**
 * Apollo Server plugin: counts every operation by name, HTTP status and first
 * error code, times it, and logs it (debug; warn when it failed) with the
 * request id, the caller's account and key id, never the key.
 */
export function useMetrics(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, contextValue, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const status = response.http.status ?? 200;
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const code = String(body?.errors?.[0]?.extensions?.code ?? 'none');
          const operation = label(operationName);
          operations.inc({ operation, status: String(status), code });
          operationDuration.observe({ operation }, seconds);
          const entry = { requestId: contextValue.requestId, operation, status, code, ms: Math.round(seconds * 1000), accountId: contextValue.caller?.accountId, keyId: contextValue.caller?.keyId, cost: contextValue.measures?.cost };
          if (errors?.length || code !== 'none') logger.warn(entry, 'operation answered with errors');
          else logger.debug(entry, 'operation answered');
        },
      };
    },
  };
}
