import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { CacheHint, CachePolicy, CacheScope, GraphQLResolveInfoWithCacheControl } from '@apollo/cache-control-types';
import type { ConstDirectiveNode, GraphQLCompositeType, GraphQLField, GraphQLNamedType, GraphQLOutputType } from 'graphql';

/**
 * Apollo Server plugin: the subgraph's `Cache-Control` answer from its `@cacheControl` hints, with
 * the rules of Apollo's own cache-control plugin (which it replaces; that plugin is MIT-licensed,
 * `@apollo/server/src/plugin/cacheControl`), so the gateway computes the same response policy.
 * It costs less per resolved field: a field's static hint is worked out once per process, and
 * applied once per request rather than once per list item; and mutations, whose answers the
 * gateway never caches, get `no-store` without any per-field work.
 */
export function useCacheHints<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  // Per field definition: its hint before any dynamic one, and what it adds to the response's policy.
  const statics = new WeakMap<GraphQLField<unknown, unknown>, FieldStatics>();
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation, overallCachePolicy }) {
          if (operation.operation === 'mutation') return;
          const applied = new Set<GraphQLField<unknown, unknown>>();
          return {
            willResolveField({ info }) {
              const field = info.parentType.getFields()[info.fieldName]!;
              let known = statics.get(field);
              if (!known) statics.set(field, (known = fieldStatics(field, info.returnType, !info.path.prev)));
              const base = known;
              // A resolver may set or read its field's hint (the federation `_entities` resolver does): only then is a policy made.
              let dynamic: CachePolicy | undefined;
              (info as unknown as GraphQLResolveInfoWithCacheControl).cacheControl = {
                setCacheHint: (hint: CacheHint) => (dynamic ??= policy(base.start)).replace(hint),
                get cacheHint() {
                  return (dynamic ??= policy(base.start));
                },
                cacheHintFromType: annotationOfType,
              };
              return () => {
                if (!dynamic) {
                  if (!applied.has(field)) overallCachePolicy.restrict(base.final);
                  applied.add(field);
                  return;
                }
                if (dynamic.maxAge === undefined && base.defaultsToZero) dynamic.restrict({ maxAge: 0 });
                overallCachePolicy.restrict(dynamic);
              };
            },
          };
        },
        async willSendResponse({ response, overallCachePolicy, operation }) {
          if (response.http.headers.has('cache-control')) return;
          const cacheable = operation?.operation !== 'mutation' && response.body.kind === 'single' && !response.body.singleResult.errors ? overallCachePolicy.policyIfCacheable() : null;
          response.http.headers.set('cache-control', cacheable ? `max-age=${cacheable.maxAge}, ${cacheable.scope.toLowerCase()}` : 'no-store');
        },
      };
    },
  };
}

/** What a field contributes to a response's policy when its resolver sets no hint of its own. */
interface FieldStatics {
  /** The field's hint as its resolver starts: the returned type's, then the field's own. */
  start: CacheHint;
  /** Whether no hint means maxAge 0 (a root field, or an object field that does not inherit its parent's maxAge). */
  defaultsToZero: boolean;
  /** The hint applied to the response's policy. */
  final: CacheHint;
}

// Types are told apart by shape, not with graphql's instanceof checks: the schema may come from
// another copy of graphql (the CommonJS one @apollo/subgraph loads, beside our ESM one).
function namedType(type: GraphQLOutputType): GraphQLNamedType {
  let named: GraphQLOutputType = type;
  while ('ofType' in named) named = named.ofType;
  return named;
}

function isCompositeType(type: GraphQLNamedType): type is GraphQLCompositeType {
  return 'getFields' in type || 'getTypes' in type;
}

function fieldStatics(field: GraphQLField<unknown, unknown>, returnType: GraphQLOutputType, isRoot: boolean): FieldStatics {
  const target = namedType(returnType);
  const start: CacheHint = {};
  let inheritMaxAge = false;
  if (isCompositeType(target)) {
    const typeHint = annotationOfType(target);
    Object.assign(start, withoutInherit(typeHint));
    inheritMaxAge = !!typeHint.inheritMaxAge;
  }
  const fieldHint = annotation(field.astNode?.directives) ?? {};
  if (fieldHint.inheritMaxAge && start.maxAge === undefined) {
    inheritMaxAge = true;
    if (fieldHint.scope) start.scope = fieldHint.scope;
  } else {
    if (fieldHint.maxAge !== undefined) start.maxAge = fieldHint.maxAge;
    if (fieldHint.scope !== undefined) start.scope = fieldHint.scope;
  }
  const defaultsToZero = (isCompositeType(target) && !inheritMaxAge) || isRoot;
  return { start, defaultsToZero, final: start.maxAge === undefined && defaultsToZero ? { ...start, maxAge: 0 } : start };
}

type Annotation = CacheHint & { inheritMaxAge?: true };

const typeAnnotations = new WeakMap<GraphQLCompositeType, Annotation>();

/** A type's `@cacheControl` (on its definition or an extension), `{}` when it has none. */
function annotationOfType(type: GraphQLCompositeType): Annotation {
  let found = typeAnnotations.get(type);
  if (!found) {
    found = annotation(type.astNode?.directives) ?? type.extensionASTNodes.map((node) => annotation(node.directives)).find(Boolean) ?? {};
    typeAnnotations.set(type, found);
  }
  return found;
}

function withoutInherit({ maxAge, scope }: Annotation): CacheHint {
  return { ...(maxAge !== undefined && { maxAge }), ...(scope !== undefined && { scope }) };
}

/** The `@cacheControl(maxAge:, scope:, inheritMaxAge:)` among `directives`, read as Apollo reads it. */
function annotation(directives: readonly ConstDirectiveNode[] | undefined): Annotation | undefined {
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  if (!directive?.arguments) return undefined;
  const argument = (name: string) => directive.arguments!.find((a) => a.name.value === name)?.value;
  const scopeValue = argument('scope');
  const scopeName = scopeValue?.kind === 'EnumValue' ? scopeValue.value : undefined;
  const scope = scopeName === 'PUBLIC' || scopeName === 'PRIVATE' ? (scopeName as CacheScope) : undefined;
  const inherit = argument('inheritMaxAge');
  if (inherit?.kind === 'BooleanValue' && inherit.value) return { inheritMaxAge: true, ...(scope && { scope }) };
  const maxAge = argument('maxAge');
  return { ...(maxAge?.kind === 'IntValue' && { maxAge: parseInt(maxAge.value, 10) }), ...(scope && { scope }) };
}

/** A field's cache policy, as Apollo's `newCachePolicy` makes it. */
function policy(start: CacheHint): CachePolicy {
  return {
    maxAge: start.maxAge,
    scope: start.scope,
    replace(hint) {
      if (hint.maxAge !== undefined) this.maxAge = hint.maxAge;
      if (hint.scope !== undefined) this.scope = hint.scope;
    },
    restrict(hint) {
      if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge)) this.maxAge = hint.maxAge;
      if (hint.scope !== undefined && this.scope !== 'PRIVATE') this.scope = hint.scope;
    },
    policyIfCacheable() {
      if (this.maxAge === undefined || this.maxAge === 0) return null;
      return { maxAge: this.maxAge, scope: this.scope ?? 'PUBLIC' };
    },
  };
}
