import { createHash } from 'node:crypto';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { BadUserInputError, ErrorCode, TrackgraphError } from '../../../lib/errors.ts';
import { cacheLookups, rejected } from '../observability/gatewayMetrics.ts';
import { analyzeOperation, type OperationMeasures } from './analyzeOperation.ts';
import type { CostModel } from './CostModel.ts';
import { LIMITS, type Measure, type Plan } from './plans.ts';

/** Every measure of an operation, the document's size included. */
export interface Measures extends OperationMeasures {
  tokens: number;
  bytes: number;
}

/** One limit checked against its measure. */
export interface LimitCheck {
  measure: Measure;
  value: number;
  limit: number;
  exceeded: boolean;
}

/** An operation over a limit of the caller's plan: refused before anything runs, HTTP 400. */
export class LimitError extends TrackgraphError {
  constructor(measure: Measure, value: number | undefined, limit: number, cost?: number) {
    const tooLarge = measure === 'bytes' || measure === 'tokens';
    const what = tooLarge
      ? `The document is over ${limit} ${measure}${value === undefined ? '' : ` (${value})`}`
      : `The operation's ${measure === 'cost' ? 'estimated cost' : measure} is ${value}, over the limit of ${limit}`;
    super(tooLarge ? ErrorCode.DOCUMENT_TOO_LARGE : ErrorCode.QUERY_TOO_COMPLEX, `${what} of your plan; nothing was run. Query.estimateCost shows every measure.`, { measure, ...(value === undefined ? {} : { value }), limit, ...(cost === undefined ? {} : { cost }) }, 400);
    rejected.inc({ code: tooLarge ? ErrorCode.DOCUMENT_TOO_LARGE : ErrorCode.QUERY_TOO_COMPLEX, measure });
  }
}

/** A parsed document and its token count, cached by query hash. */
interface ParsedDocument {
  document: DocumentNode;
  tokens: number;
}

/** Options for {@link OperationGuard}. */
export interface OperationGuardOptions {
  model: CostModel;
  /** Most tokens any plan allows: the parse of a document stops there. */
  maxTokens: number;
  /** Parsed documents kept. @default 2000 */
  cacheSize?: number;
}

/**
 * Measures an operation before the gateway plans it and refuses one over a
 * limit of the caller's plan. The planner is where a fragment bomb spends its
 * time and memory, so everything here is computed without expanding anything:
 * size in bytes, then tokens (the parse stops at the limit), then depth,
 * aliases, root fields, fields, directives and the estimated cost.
 */
export class OperationGuard {
  readonly #model: CostModel;
  readonly #maxTokens: number;
  readonly #documents: LRUCache<string, ParsedDocument>;

  constructor(options: OperationGuardOptions) {
    this.#model = options.model;
    this.#maxTokens = options.maxTokens;
    this.#documents = new LRUCache({ max: options.cacheSize ?? 2_000 });
  }

  /**
   * The operation's document and measures, or a {@link LimitError} for the first limit it is over.
   * A document that does not parse gives null: Apollo Server reports the syntax error.
   */
  inspect(request: { source: string; queryHash?: string; operationName?: string | null; variables?: Record<string, unknown> | null }, plan: Plan): { document: DocumentNode; measures: Measures } | null {
    const bytes = Buffer.byteLength(request.source);
    if (bytes > plan.maxBytes) throw new LimitError('bytes', bytes, plan.maxBytes);
    const parsed = this.#parse(request.source, request.queryHash, plan.maxTokens);
    if (!parsed) return null;
    const measured = analyzeOperation(parsed.document, this.#model, request);
    if (!measured) return null;
    const measures: Measures = { ...measured, tokens: parsed.tokens, bytes };
    const over = this.check(measures, plan).find((c) => c.exceeded);
    if (over) throw new LimitError(over.measure, over.value, over.limit, measures.cost);
    return { document: parsed.document, measures };
  }

  /** Every limit of `plan` against `measures`, in the order they are checked. */
  check(measures: Measures, plan: Plan): LimitCheck[] {
    return (Object.keys(LIMITS) as Measure[]).map((measure) => {
      const limit = plan[LIMITS[measure]];
      return { measure, value: measures[measure], limit, exceeded: measures[measure] > limit };
    });
  }

  /** What an operation would cost (`Query.estimateCost`): never refuses, BAD_USER_INPUT for a document that does not parse. */
  estimate(source: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, plan: Plan): { measures: Measures; limits: LimitCheck[] } {
    const bytes = Buffer.byteLength(source);
    let parsed: ParsedDocument | null;
    try {
      parsed = this.#parse(source, undefined, this.#maxTokens, true);
    } catch (error) {
      if (error instanceof LimitError) throw new BadUserInputError(`\`query\` has more than ${this.#maxTokens} tokens, more than any plan allows.`, 'query', source);
      throw error;
    }
    const measured = parsed && analyzeOperation(parsed.document, this.#model, { operationName, variables });
    if (!parsed || !measured) throw new BadUserInputError(operationName ? `\`query\` has no operation named "${operationName}".` : '`query` must hold one operation (or name one with `operationName`).', operationName ? 'operationName' : 'query', operationName ?? source);
    const measures = { ...measured, tokens: parsed.tokens, bytes };
    return { measures, limits: this.check(measures, plan) };
  }

  #parse(source: string, queryHash: string | undefined, maxTokens: number, strict = false): ParsedDocument | null {
    const key = queryHash ?? createHash('sha256').update(source).digest('hex');
    const cached = this.#documents.get(key);
    cacheLookups.inc({ cache: 'documents', result: cached ? 'hit' : 'miss' });
    if (cached) {
      if (cached.tokens > maxTokens) throw new LimitError('tokens', cached.tokens, maxTokens);
      return cached;
    }
    try {
      const document = parse(source, { maxTokens });
      const parsed = { document, tokens: (document as DocumentNode & { tokenCount?: number }).tokenCount ?? 0 };
      this.#documents.set(key, parsed);
      return parsed;
    } catch (error) {
      if (error instanceof GraphQLError && /contains more th(?:an|at) \d+ tokens/.test(error.message)) throw new LimitError('tokens', undefined, maxTokens);
      if (strict && error instanceof GraphQLError) throw new BadUserInputError(`\`query\` is not valid GraphQL: ${error.message}`, 'query', source);
      return null;
    }
  }
}
