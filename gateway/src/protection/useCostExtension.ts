import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';

/** Apollo Server plugin: every response says what the operation was estimated to cost, and the plan's limit (`extensions.cost`). */
export function useCostExtension(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single' && contextValue.measures) {
            const { singleResult } = response.body;
            singleResult.extensions = { ...singleResult.extensions, cost: { estimated: contextValue.measures.cost, limit: contextValue.plan.maxCost } };
          }
        },
      };
    },
  };
}
