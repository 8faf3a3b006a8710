import { Kind, parse, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** A GraphQL error path: field names and list indexes. */
export type ErrorPath = (string | number)[];

/**
 * Where the error of a failed subgraph fetch points, as the subgraph itself
 * would have said it: the fetch's first field, or for an entity fetch
 * `_entities.0.<field>`. Apollo Gateway rewrites that into the client's query
 * (`track.spotifyStreams`, `tracks.0.matches`); an error without a path stays
 * without one, and a client cannot tell which null is the outage. Undefined
 * when the operation cannot be read.
 */
export function fetchErrorPath(query: string | undefined): ErrorPath | undefined {
  let document: DocumentNode;
  try {
    if (!query) return undefined;
    document = parse(query);
  } catch {
    return undefined;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  // Depth first through inline fragments and spreads; __typename is never what failed.
  const firstField = (set: SelectionSetNode | undefined): FieldNode | undefined => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') return selection;
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)?.selectionSet : undefined;
      const found = firstField(inner);
      if (found) return found;
    }
    return undefined;
  };
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const root = operation?.kind === Kind.OPERATION_DEFINITION ? firstField(operation.selectionSet) : undefined;
  if (!root) return undefined;
  if (root.name.value !== '_entities') return [(root.alias ?? root.name).value];
  const field = firstField(root.selectionSet);
  return field ? ['_entities', 0, (field.alias ?? field.name).value] : undefined;
}
