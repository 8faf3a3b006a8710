import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';

/**
 * Apollo Server plugin: the response's `Cache-Control` comes from the
 * subgraphs' `@cacheControl` hints (the shortest maxAge wins); a caller with
 * a key always gets `private` (what a key may see is the key's), and every
 * response varies on the headers that carry a key.
 */
export function useCachePolicy(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue, overallCachePolicy }) {
      if (contextValue.caller) overallCachePolicy.restrict({ scope: 'PRIVATE' });
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('vary', 'authorization, x-api-key');
        },
      };
    },
  };
}
