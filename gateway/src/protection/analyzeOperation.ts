import {
  Kind,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { type CostModel, DEFAULT_LIST_SIZE, type FieldCostInfo, MUTATION_WEIGHT } from './CostModel.ts';

/** What the gateway measures of an operation before planning it; every count is after fragment expansion. */
export interface OperationMeasures {
  /** Estimated cost (see CostModel). */
  cost: number;
  /** Deepest nesting of fields (introspection fields do not count; `introspectionDepth` does). */
  depth: number;
  /** Nesting of introspection's member lists (`types`, `fields`, `args`, …); 3 for the standard introspection query. */
  introspectionDepth: number;
  /** Aliased fields. */
  aliases: number;
  /** Fields at the operation's root. */
  rootFields: number;
  /** Fields selected in all. */
  fields: number;
  /** Directives written in the document (not expanded). */
  directives: number;
}

/** Introspection fields that list members of a type or schema: nesting them is what makes introspection expensive. */
const INTROSPECTION_MEMBERS = new Set(['types', 'fields', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'args', 'directives']);

/** A selection set's measures; counts are numbers, so a fragment used 2^20 times costs one addition. */
interface Tally {
  cost: number;
  depth: number;
  introspectionDepth: number;
  aliases: number;
  fields: number;
}
const ZERO: Tally = { cost: 0, depth: 0, introspectionDepth: 0, aliases: 0, fields: 0 };
// The parent "type" of fields inside introspection (like __Type and __Field, which the cost model does not describe).
const INTROSPECTION = '__Introspection';

/**
 * Measures one operation of a parsed document in time linear in the document's
 * size, whatever its expanded size: each fragment is measured once (per list
 * sizing it inherits) and its figures reused. Fragment cycles and unknown
 * fields count for nothing here; validation refuses them afterwards.
 */
export function analyzeOperation(document: DocumentNode, model: CostModel, options: { operationName?: string | null; variables?: Record<string, unknown> | null } = {}): OperationMeasures | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = options.operationName ? operations.find((o) => o.name?.value === options.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return null;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const variables = options.variables ?? {};
  const memo = new Map<string, Tally>();
  const active = new Set<string>();

  const valueOf = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    switch (node.kind) {
      case Kind.VARIABLE: return variables[node.name.value];
      case Kind.INT: return Number(node.value);
      case Kind.LIST: return node.values.map(valueOf);
      case Kind.NULL: return null;
      default: return 'value' in node ? node.value : {};
    }
  };
  const argValue = (args: readonly ArgumentNode[] | undefined, info: FieldCostInfo, name: string): unknown => {
    const node = args?.find((a) => a.name.value === name);
    return node ? valueOf(node.value) : info.defaults[name];
  };
  const listSize = (info: FieldCostInfo, args: readonly ArgumentNode[] | undefined): number => {
    for (const name of info.slicingArguments) {
      const value = argValue(args, info, name);
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
    }
    for (const name of info.sizedByArguments) {
      const value = argValue(args, info, name);
      // GraphQL coerces a single value into a one-item list.
      if (value !== undefined && value !== null) return Array.isArray(value) ? value.length : 1;
    }
    if (info.dayRange) {
      const days = daysBetween(argValue(args, info, info.dayRange.from), argValue(args, info, info.dayRange.to));
      if (days !== undefined) return Math.min(days, info.assumedSize ?? DEFAULT_LIST_SIZE);
    }
    return info.assumedSize ?? DEFAULT_LIST_SIZE;
  };

  // Work an argument causes whatever is selected (each item of a batch is charged and may ask the platforms).
  const argumentsCost = (info: FieldCostInfo, args: readonly ArgumentNode[] | undefined): number => {
    let cost = 0;
    for (const [name, weight] of Object.entries(info.argumentWeights)) {
      const value = argValue(args, info, name);
      if (value !== undefined && value !== null) cost += weight * (Array.isArray(value) ? value.length : 1);
    }
    return cost;
  };

  const measure = (selectionSet: SelectionSetNode, parentType: string, sized?: { fields: string[]; size: number }): Tally => {
    const tally = { ...ZERO };
    const add = (child: Tally, multiplier = 1) => {
      tally.cost += child.cost * multiplier;
      tally.depth = Math.max(tally.depth, child.depth);
      tally.introspectionDepth = Math.max(tally.introspectionDepth, child.introspectionDepth);
      tally.aliases += child.aliases;
      tally.fields += child.fields;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(measure(selection.selectionSet, selection.typeCondition?.name.value ?? parentType, sized));
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle or an unknown fragment: validation reports it; it adds nothing here.
        if (!fragment || active.has(name)) continue;
        const key = sized ? `${name}|${sized.fields.join(',')}|${sized.size}` : name;
        let figures = memo.get(key);
        if (!figures) {
          active.add(name);
          figures = measure(fragment.selectionSet, fragment.typeCondition.name.value, sized);
          active.delete(name);
          memo.set(key, figures);
        }
        add(figures);
      } else {
        const name = selection.name.value;
        const alias = selection.alias ? 1 : 0;
        if (name.startsWith('__')) {
          // Introspection: no cost and no depth of its own, but its member lists nest.
          const child = selection.selectionSet ? measure(selection.selectionSet, INTROSPECTION) : ZERO;
          add({ ...ZERO, fields: 1 + child.fields, aliases: alias + child.aliases, introspectionDepth: child.introspectionDepth });
          continue;
        }
        const inIntrospection = parentType.startsWith('__');
        const info = inIntrospection ? undefined : model.field(parentType, name);
        // Below an unknown field nothing is known either (validation refuses it later).
        const childType = info ? info.type : inIntrospection ? INTROSPECTION : '?';
        const childSized = info?.sizedFields.length ? { fields: info.sizedFields, size: listSize(info, selection.arguments) } : undefined;
        const child = selection.selectionSet ? measure(selection.selectionSet, childType, childSized) : ZERO;
        const field: Tally = {
          cost: 0,
          fields: 1 + child.fields,
          aliases: alias + child.aliases,
          depth: 1 + child.depth,
          introspectionDepth: child.introspectionDepth + (inIntrospection && INTROSPECTION_MEMBERS.has(name) ? 1 : 0),
        };
        if (info) {
          const size = sized?.fields.includes(name) ? sized.size : info.isList && !info.sizedFields.length ? listSize(info, selection.arguments) : 1;
          field.cost = info.weight + argumentsCost(info, selection.arguments) + size * (model.typeWeight(info.type) + child.cost);
        }
        add(field);
      }
    }
    return tally;
  };

  const rootType = model.roots[operation.operation] ?? 'Query';
  const root = measure(operation.selectionSet, rootType);
  const rootFields = countRootFields(operation.selectionSet, fragments);
  const directives = countDirectives(document);
  const cost = root.cost + (operation.operation === 'mutation' ? MUTATION_WEIGHT * rootFields : 0);
  return { cost: Math.ceil(cost), depth: root.depth, introspectionDepth: root.introspectionDepth, aliases: root.aliases, rootFields, fields: root.fields, directives };
}

function countRootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, fragments, seen);
    else if (!seen.has(selection.name.value) && fragments.has(selection.name.value)) {
      seen.add(selection.name.value);
      count += countRootFields(fragments.get(selection.name.value)!.selectionSet, fragments, seen);
    }
  }
  return count;
}

// A document's directives never change: count them once per parsed document.
const directiveCounts = new WeakMap<DocumentNode, number>();

function countDirectives(document: DocumentNode): number {
  let count = directiveCounts.get(document);
  if (count === undefined) {
    let counted = 0;
    visit(document, { Directive: () => void (counted += 1) });
    directiveCounts.set(document, (count = counted));
  }
  return count;
}

const DAY_MS = 86_400_000;

/**
 * Days from `from` to `to` (today when absent), both included: how many items
 * a list of one item a day can hold. Undefined without a readable `from` (the
 * subgraph refuses a bad date; the assumed size stands meanwhile).
 */
function daysBetween(from: unknown, to: unknown): number | undefined {
  const day = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN);
  const start = day(from);
  const end = to == null ? Date.now() : day(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.max(0, Math.floor((end - start) / DAY_MS) + 1);
}
