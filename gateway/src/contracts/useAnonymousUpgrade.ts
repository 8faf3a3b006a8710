import type { ApolloServerPlugin } from '@apollo/server';
import { validate, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../../../lib/errors.ts';
import type { GatewayContext } from '../context.ts';
import { rejected } from '../observability/gatewayMetrics.ts';

/**
 * For anonymous callers: an operation that is not valid in the public
 * contract but is in the full schema needs a key, so its validation errors
 * are replaced by one UNAUTHENTICATED error, HTTP 401. Callers with a key get
 * the plain validation errors of their contract, which say nothing of what
 * lies outside it.
 */
export function useAnonymousUpgrade(fullSchema: GraphQLSchema): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.caller) return;
      return {
        async willSendResponse({ response, document }) {
          if (response.body.kind !== 'single' || !document) return;
          const errors = response.body.singleResult.errors;
          if (!errors?.length || !errors.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')) return;
          if (validate(fullSchema, document).length > 0) return;
          rejected.inc({ code: ErrorCode.UNAUTHENTICATED, measure: 'contract' });
          response.http.status = 401;
          response.http.headers.set('www-authenticate', 'Bearer');
          response.body.singleResult.errors = [{ message: 'This operation needs an API key: send `Authorization: Bearer sk_…`.', extensions: { code: ErrorCode.UNAUTHENTICATED } }];
        },
      };
    },
  };
}
