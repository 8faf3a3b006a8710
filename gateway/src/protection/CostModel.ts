import { Kind, parse, valueFromASTUntyped, type DirectiveNode, type TypeNode } from 'graphql';

/** What the cost estimate needs to know about one field of the schema. */
export interface FieldCostInfo {
  /** Named type the field returns. */
  type: string;
  /** The field returns a list. */
  isList: boolean;
  /** `@cost(weight:)` on the field: added once, whatever the list size. */
  weight: number;
  /** `@listSize`: the list's size when no slicing argument is given. */
  assumedSize?: number;
  /** `@listSize(slicingArguments:)`: Int arguments that cap the list's size. */
  slicingArguments: string[];
  /** `@sizedBy(arguments:)`: list arguments whose length is the size. */
  sizedByArguments: string[];
  /** `@sizedByDays(from:, to:)`: the date arguments bounding a list of at most one item a day. */
  dayRange?: { from: string; to: string };
  /** Child list fields the size applies to (a connection's `edges` and `nodes`), instead of the field itself. */
  sizedFields: string[];
  /** Defaults of the field's arguments (`limit: Int = 10`). */
  defaults: Record<string, unknown>;
  /** `@cost(weight:)` on arguments: what each value given costs (each item of a list), whatever is selected. */
  argumentWeights: Record<string, number>;
}

/** Size of a list nothing says anything about. */
export const DEFAULT_LIST_SIZE = 10;
/** Extra cost of each root field of a mutation (Apollo's demand control uses the same). */
export const MUTATION_WEIGHT = 10;

const argument = (directive: DirectiveNode, name: string): unknown => {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value) : undefined;
};
const isList = (type: TypeNode): boolean => (type.kind === Kind.NON_NULL_TYPE ? isList(type.type) : type.kind === Kind.LIST_TYPE);
const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

/**
 * The schema as the cost estimate reads it, built from a supergraph's SDL:
 * composite types cost 1 and leaves 0 unless `@cost` says otherwise, lists
 * multiply what they hold by their size (`@listSize`, `@sizedBy`, `@sizedByDays`, else
 * {@link DEFAULT_LIST_SIZE}).
 */
export class CostModel {
  readonly #fields = new Map<string, Map<string, FieldCostInfo>>();
  readonly #typeWeights = new Map<string, number>();
  readonly #composite = new Set<string>();
  readonly roots: { query?: string; mutation?: string; subscription?: string } = { query: 'Query', mutation: 'Mutation' };

  constructor(supergraphSdl: string) {
    const document = parse(supergraphSdl, { noLocation: true });
    for (const definition of document.definitions) {
      if (definition.kind === Kind.SCHEMA_DEFINITION) {
        for (const op of definition.operationTypes) this.roots[op.operation] = op.type.name.value;
        continue;
      }
      if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
      const name = definition.name.value;
      const cost = definition.directives?.find((d) => d.name.value === 'cost');
      if (cost) this.#typeWeights.set(name, Number(argument(cost, 'weight')) || 0);
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_DEFINITION) {
        this.#composite.add(name);
      }
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
      const fields = new Map<string, FieldCostInfo>();
      for (const field of definition.fields ?? []) {
        const directive = (n: string) => field.directives?.find((d) => d.name.value === n);
        const listSize = directive('listSize');
        const sizedBy = directive('sizedBy');
        const sizedByDays = directive('sizedByDays');
        const fieldCost = directive('cost');
        fields.set(field.name.value, {
          type: namedType(field.type),
          isList: isList(field.type),
          weight: fieldCost ? Number(argument(fieldCost, 'weight')) || 0 : 0,
          assumedSize: listSize ? (argument(listSize, 'assumedSize') as number | undefined) : undefined,
          slicingArguments: listSize ? ((argument(listSize, 'slicingArguments') as string[] | undefined) ?? []) : [],
          sizedByArguments: sizedBy ? ((argument(sizedBy, 'arguments') as string[] | undefined) ?? []) : [],
          ...(sizedByDays ? { dayRange: { from: String(argument(sizedByDays, 'from')), to: String(argument(sizedByDays, 'to')) } } : {}),
          sizedFields: [
            ...((listSize && (argument(listSize, 'sizedFields') as string[] | undefined)) || []),
            ...((sizedBy && (argument(sizedBy, 'sizedFields') as string[] | undefined)) || []),
          ],
          defaults: Object.fromEntries((field.arguments ?? []).filter((a) => a.defaultValue).map((a) => [a.name.value, valueFromASTUntyped(a.defaultValue!)])),
          argumentWeights: Object.fromEntries(
            (field.arguments ?? []).flatMap((a) => {
              const weight = a.directives?.find((d) => d.name.value === 'cost');
              return weight ? [[a.name.value, Number(argument(weight, 'weight')) || 0]] : [];
            }),
          ),
        });
      }
      this.#fields.set(name, fields);
    }
  }

  /** The field's cost information, or undefined for a field the schema lacks (validation refuses it later). */
  field(type: string, name: string): FieldCostInfo | undefined {
    return this.#fields.get(type)?.get(name);
  }

  /** What one value of the type costs before its fields: `@cost` on the type, else 1 for objects and 0 for leaves. */
  typeWeight(type: string): number {
    return this.#typeWeights.get(type) ?? (this.#composite.has(type) ? 1 : 0);
  }
}
