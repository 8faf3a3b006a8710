import { LocalGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/**
 * The gateway's own subgraph (keys, cost estimates), run in process. What it
 * answers is the caller's own, so a response holding any of it is never cached.
 */
export class LocalSubgraphDataSource extends LocalGraphQLDataSource {
  override async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    if ('incomingRequestContext' in options) {
      const policy = options.incomingRequestContext.overallCachePolicy;
      if (policy && 'restrict' in policy) policy.restrict({ maxAge: 0, scope: 'PRIVATE' });
    }
    return super.process(options);
  }
}
