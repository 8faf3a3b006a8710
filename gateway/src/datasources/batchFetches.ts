import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode, type SelectionNode, type VariableDefinitionNode } from 'graphql';
import { subgraphFetchesBatched } from '../observability/gatewayMetrics.ts';

/** One subgraph fetch of a query plan, as it would be sent on its own. */
export interface BatchPart {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** What a send produced: the subgraph's GraphQL answer, or why there was none (the caller turns it into each part's own error). */
export type SendOutcome = { response: GatewayGraphQLResponse } | { failed: string };

/** Options for {@link FetchBatcher}. */
export interface FetchBatcherOptions {
  /** The subgraph's name (metrics). */
  subgraph: string;
  /** Most fetches merged into one request. @default 32 */
  maxParts?: number;
  /** Most entity representations in one merged request. @default 1000 */
  maxRepresentations?: number;
}

type Send = (body: string) => Promise<SendOutcome>;

/** A fetch waiting in a batch. */
interface Waiting {
  part: BatchPart;
  /** The part as it is sent alone. */
  body: string;
  size: number;
  resolve(outcome: SendOutcome): void;
}

/** Fetches of one shape and one caller, gathered until the event loop has read what is ready. */
interface Batch {
  shape: Shape;
  send: Send;
  waiting: Waiting[];
  representations: number;
}

/** How parts of one query merge: `_entities` lists are joined, root fields are aliased per part. */
type Shape = { kind: 'entities'; query: string } | { kind: 'root'; query: string; operation: OperationDefinitionNode; rest: DocumentNode['definitions'] };

const ROOT_PREFIX = /^_(\d+)_(.+)$/;
// Parsed shapes and merged documents are kept by query text (the planner makes a bounded set of them), within these bounds,
// so that a caller sending ever new operations cannot grow them: a longer query goes alone, a full cache starts over.
const MAX_BATCHED_QUERY = 16_384;
const MAX_SHAPES = 1_000;
const MAX_MERGED_CHARS = 16 * 1024 * 1024;

/**
 * Cross-request batching of subgraph fetches (what Hive Gateway's
 * batch-execute does): the fetches that the gateway has ready in one turn of
 * the event loop, going to the same subgraph with the same query and the same
 * signed caller, go out as one request. The subgraph then pays its per-request
 * cost (HTTP, signature, Apollo Server's pipeline, context) once, and its
 * DataLoaders see every key of the batch together: N entity fetches become
 * one `_entities` call over the joined representations, N root fetches one
 * operation with each part's fields and variables renamed `_<i>_…`.
 *
 * Not a cache: every part is answered by the subgraph, in this request.
 * Each part gets its own slice of the answer, errors included (paths mapped
 * back); an answer with no data at all (a refused variable) sends every part
 * again on its own, so one bad part does not sink the others. Mutations and
 * fetches with headers the gateway adds (traces) are never batched.
 */
export class FetchBatcher {
  readonly #subgraph: string;
  readonly #maxParts: number;
  readonly #maxRepresentations: number;
  readonly #open = new Map<string, Batch>();
  readonly #shapes = new Map<string, Shape | null>();
  readonly #merged = new Map<string, string>();
  #mergedChars = 0;

  constructor(options: FetchBatcherOptions) {
    this.#subgraph = options.subgraph;
    this.#maxParts = options.maxParts ?? 32;
    this.#maxRepresentations = options.maxRepresentations ?? 1_000;
    for (const [name, value] of [['maxParts', this.#maxParts], ['maxRepresentations', this.#maxRepresentations]] as const)
      if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${value}`);
  }

  /**
   * Sends `part` with the other fetches of its batch, or alone (`body`) when
   * it cannot be batched. `identity` is everything besides the query that
   * changes the answer (the signed caller, contract); `send` is bound to it.
   */
  run(part: BatchPart, body: string, identity: string, send: Send): Promise<SendOutcome> {
    const shape = this.#maxParts > 1 && part.query.length <= MAX_BATCHED_QUERY ? this.#shapeOf(part.query) : null;
    if (!shape) return send(body);
    let key: string;
    let size = 0;
    if (shape.kind === 'entities') {
      const { representations, ...others } = part.variables ?? {};
      if (!Array.isArray(representations)) return send(body);
      size = representations.length;
      if (size >= this.#maxRepresentations) return send(body);
      key = `e\u0000${identity}\u0000${part.query}\u0000${JSON.stringify(others)}`;
    } else {
      key = `r\u0000${identity}\u0000${part.query}`;
    }
    let batch = this.#open.get(key);
    if (batch && (batch.waiting.length >= this.#maxParts || batch.representations + size > this.#maxRepresentations)) {
      this.#flush(key, batch);
      batch = undefined;
    }
    if (!batch) {
      const opened: Batch = { shape, send, waiting: [], representations: 0 };
      this.#open.set(key, opened);
      // After the poll phase: every fetch made ready by the I/O read in this turn joins.
      setImmediate(() => this.#flush(key, opened));
      batch = opened;
    }
    batch.representations += size;
    return new Promise((resolve) => batch.waiting.push({ part, body, size, resolve }));
  }

  #flush(key: string, batch: Batch): void {
    if (this.#open.get(key) === batch) this.#open.delete(key);
    if (batch.waiting.length === 0) return;
    const waiting = batch.waiting.splice(0);
    if (waiting.length === 1) {
      const [only] = waiting as [Waiting];
      void batch.send(only.body).then(only.resolve);
      return;
    }
    subgraphFetchesBatched.inc({ subgraph: this.#subgraph }, waiting.length);
    this.#sendMerged(batch, waiting).catch((error: Error) => {
      for (const { resolve } of waiting) resolve({ failed: `answered a batch the gateway could not split (${error.message})` });
    });
  }

  async #sendMerged(batch: Batch, waiting: Waiting[]): Promise<void> {
    const { shape, send } = batch;
    const body = shape.kind === 'entities' ? joinEntities(waiting) : this.#aliasRoots(shape, waiting);
    const outcome = await send(body);
    if ('failed' in outcome) {
      for (const { resolve } of waiting) resolve(outcome);
      return;
    }
    const { response } = outcome;
    if (response.data == null) {
      // Nothing answered (e.g. a variable refused): each part alone, so only the bad one fails.
      await Promise.all(waiting.map(async ({ body, resolve }) => resolve(await send(body))));
      return;
    }
    if (shape.kind === 'entities') {
      // A list of another length cannot be split back: no part can be told which entities are its own.
      const entities = (response.data as { _entities?: unknown })._entities;
      const wanted = waiting.reduce((sum, { size }) => sum + size, 0);
      if (Array.isArray(entities) && entities.length !== wanted) {
        for (const { resolve } of waiting) resolve({ failed: `answered ${entities.length} entities for ${wanted} representations` });
        return;
      }
    }
    const parts = shape.kind === 'entities' ? splitEntities(response, waiting) : splitRoots(response, waiting.length);
    waiting.forEach(({ resolve }, index) => resolve({ response: parts[index]! }));
  }

  #shapeOf(query: string): Shape | null {
    let shape = this.#shapes.get(query);
    if (shape !== undefined) return shape;
    shape = readShape(query);
    if (this.#shapes.size >= MAX_SHAPES) this.#shapes.clear();
    this.#shapes.set(query, shape);
    return shape;
  }

  #aliasRoots(shape: Extract<Shape, { kind: 'root' }>, waiting: Waiting[]): string {
    const cacheKey = `${waiting.length}\u0000${shape.query}`;
    let query = this.#merged.get(cacheKey);
    if (query === undefined) {
      query = mergeRoots(shape, waiting.length);
      if (this.#mergedChars + query.length > MAX_MERGED_CHARS) {
        this.#merged.clear();
        this.#mergedChars = 0;
      }
      this.#merged.set(cacheKey, query);
      this.#mergedChars += query.length;
    }
    const variables: Record<string, unknown> = {};
    waiting.forEach(({ part }, index) => {
      for (const [name, value] of Object.entries(part.variables ?? {})) variables[`_${index}_${name}`] = value;
    });
    return JSON.stringify({ query, variables, operationName: waiting[0]!.part.operationName });
  }
}

/** How a query can be batched, or null: one query operation whose root is fields only, with no fragment reading a variable. */
function readShape(query: string): Shape | null {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return null;
  }
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  if (operations.length !== 1 || !operation || operation.operation !== 'query') return null;
  const rest = document.definitions.filter((definition) => definition !== operation);
  if (rest.some((definition) => definition.kind !== Kind.FRAGMENT_DEFINITION || readsVariable(definition))) return null;
  const roots = operation.selectionSet.selections;
  if (!roots.every((selection): selection is FieldNode => selection.kind === Kind.FIELD && !selection.directives?.length)) return null;
  const [first] = roots;
  const onlyEntities =
    roots.length === 1 &&
    first?.name.value === '_entities' &&
    !first.alias &&
    first.arguments?.length === 1 &&
    first.arguments[0]!.name.value === 'representations' &&
    first.arguments[0]!.value.kind === Kind.VARIABLE &&
    first.arguments[0]!.value.name.value === 'representations';
  if (onlyEntities) return { kind: 'entities', query };
  if (roots.some((field) => field.name.value === '_entities')) return null;
  return { kind: 'root', query, operation, rest };
}

function readsVariable(node: unknown): boolean {
  let found = false;
  visit(node as DocumentNode, {
    Variable() {
      found = true;
    },
  });
  return found;
}

/** N copies of the operation in one: variables and root fields renamed `_<i>_…`. */
function mergeRoots(shape: Extract<Shape, { kind: 'root' }>, count: number): string {
  const variableDefinitions: VariableDefinitionNode[] = [];
  const selections: SelectionNode[] = [];
  for (let index = 0; index < count; index++) {
    const renamed = visit(shape.operation, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: `_${index}_${node.name.value}` } }),
    });
    variableDefinitions.push(...(renamed.variableDefinitions ?? []));
    for (const selection of renamed.selectionSet.selections as readonly FieldNode[]) {
      selections.push({ ...selection, alias: { kind: Kind.NAME, value: `_${index}_${(selection.alias ?? selection.name).value}` } });
    }
  }
  const operation: OperationDefinitionNode = { ...shape.operation, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections } };
  return print({ kind: Kind.DOCUMENT, definitions: [operation, ...shape.rest] });
}

function joinEntities(waiting: Waiting[]): string {
  const { query, variables, operationName } = waiting[0]!.part;
  const representations: unknown[] = [];
  for (const { part } of waiting) representations.push(...(part.variables!.representations as unknown[]));
  return JSON.stringify({ query, variables: { ...variables, representations }, operationName });
}

type GraphQLError = NonNullable<GatewayGraphQLResponse['errors']>[number];

function splitEntities(response: GatewayGraphQLResponse, waiting: Waiting[]): GatewayGraphQLResponse[] {
  const entities = (response.data as { _entities?: unknown[] | null })._entities;
  const starts: number[] = [];
  let offset = 0;
  for (const { size } of waiting) {
    starts.push(offset);
    offset += size;
  }
  const { data: _data, errors: _errors, ...rest } = response;
  const parts = waiting.map(({ size }, index): GatewayGraphQLResponse => ({
    ...rest,
    data: { _entities: Array.isArray(entities) ? entities.slice(starts[index], starts[index]! + size) : entities ?? null },
  }));
  for (const error of response.errors ?? []) {
    const [field, at] = error.path ?? [];
    if (field === '_entities' && typeof at === 'number') {
      let owner = starts.length - 1;
      while (owner > 0 && starts[owner]! > at) owner--;
      addError(parts[owner]!, { ...error, path: ['_entities', at - starts[owner]!, ...error.path!.slice(2)] } as GraphQLError);
    } else {
      for (const part of parts) addError(part, error);
    }
  }
  return parts;
}

function splitRoots(response: GatewayGraphQLResponse, count: number): GatewayGraphQLResponse[] {
  const { data: _data, errors: _errors, ...rest } = response;
  const parts = Array.from({ length: count }, (): GatewayGraphQLResponse => ({ ...rest, data: {} }));
  for (const [key, value] of Object.entries(response.data as Record<string, unknown>)) {
    const match = ROOT_PREFIX.exec(key);
    const part = match ? parts[Number(match[1])] : undefined;
    if (part) (part.data as Record<string, unknown>)[match![2]!] = value;
  }
  for (const error of response.errors ?? []) {
    const match = typeof error.path?.[0] === 'string' ? ROOT_PREFIX.exec(error.path[0]) : null;
    const part = match ? parts[Number(match[1])] : undefined;
    // Locations point into the merged document, which no one else has seen.
    const { locations: _locations, ...rest } = error as GraphQLError & { locations?: unknown };
    if (part) addError(part, { ...rest, path: [match![2]!, ...error.path!.slice(1)] } as GraphQLError);
    else for (const each of parts) addError(each, rest as GraphQLError);
  }
  return parts;
}

function addError(part: GatewayGraphQLResponse, error: GraphQLError): void {
  ((part as { errors?: GraphQLError[] }).errors ??= []).push(error);
}
