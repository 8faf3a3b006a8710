import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type TypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import type { Contract } from './contracts.ts';

const INACCESSIBLE_LINK = 'https://specs.apollo.dev/inaccessible/v0.2';
const INACCESSIBLE_DEFINITION =
  'directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
type AnyDefinition = Mutable<TypeDefinitionNode>;

const tagsOf = (node: { directives?: readonly ConstDirectiveNode[] }): string[] =>
  (node.directives ?? []).flatMap((d) =>
    d.name.value === 'tag' ? d.arguments?.flatMap((a) => (a.name.value === 'name' && a.value.kind === Kind.STRING ? [a.value.value] : [])) ?? [] : [],
  );
const isInaccessible = (node: { directives?: readonly ConstDirectiveNode[] }) => Boolean(node.directives?.some((d) => d.name.value === 'inaccessible'));
const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const isRequired = (arg: InputValueDefinitionNode) => arg.type.kind === Kind.NON_NULL_TYPE && !arg.defaultValue;
const INACCESSIBLE: ConstDirectiveNode = { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: 'inaccessible' }, arguments: [] };

/** Federation's own types in a supergraph: never filtered. */
const isMachinery = (name: string) => /^(join__|link__)/.test(name);

/**
 * The supergraph of one contract: every field, type, argument and enum value
 * the contract leaves out gets `@inaccessible`, so the gateway still plans
 * through it while the contract's callers can neither query nor introspect it.
 *
 * Rules (Apollo's contract rules, for the parts this schema uses):
 * - a field is in when it or its type carries an `include` tag (or `include`
 *   is empty), and neither carries an `exclude` tag;
 * - arguments, input fields and enum values are out only by an `exclude` tag;
 * - a field whose type is out is out; an object type with no field left is
 *   out; scalars, enums and input types nobody can reach any more are out.
 */
export function applyContract(supergraphSdl: string, contract: Contract): string {
  const document = parse(supergraphSdl) as Mutable<DocumentNode>;
  // Type definitions only (directive definitions and the schema definition are not filtered).
  const definitions = document.definitions.filter((d) => d.kind !== Kind.DIRECTIVE_DEFINITION && d.kind !== Kind.SCHEMA_DEFINITION) as AnyDefinition[];
  const types = new Map<string, AnyDefinition>();
  for (const definition of definitions) {
    if ('name' in definition && definition.name && !isMachinery(definition.name.value)) types.set(definition.name.value, definition);
  }
  const schemaDefinition = document.definitions.find((d) => d.kind === Kind.SCHEMA_DEFINITION);
  const roots = schemaDefinition?.kind === Kind.SCHEMA_DEFINITION ? schemaDefinition.operationTypes.map((o) => o.type.name.value) : ['Query'];
  const include = new Set(contract.include);
  const exclude = new Set(contract.exclude);
  const excluded = (tags: string[]) => tags.some((t) => exclude.has(t));
  const included = (tags: string[]) => include.size === 0 || tags.some((t) => include.has(t));

  const outTypes = new Set<string>();
  const outFields = new Set<FieldDefinitionNode | InputValueDefinitionNode>();
  const outArgs = new Set<InputValueDefinitionNode>();
  const outValues = new Set<object>();

  // The contract's own choices.
  for (const [name, type] of types) {
    if (isInaccessible(type) || excluded(tagsOf(type))) outTypes.add(name);
    const typeTags = roots.includes(name) ? [] : tagsOf(type);
    if (type.kind === Kind.OBJECT_TYPE_DEFINITION || type.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      for (const field of type.fields ?? []) {
        const tags = [...tagsOf(field), ...typeTags];
        if (isInaccessible(field) || excluded(tags) || !included(tags)) outFields.add(field);
        for (const arg of field.arguments ?? []) if (excluded(tagsOf(arg))) outArgs.add(arg);
      }
    } else if (type.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      for (const field of type.fields ?? []) if (isInaccessible(field) || excluded(tagsOf(field))) outFields.add(field);
    } else if (type.kind === Kind.ENUM_TYPE_DEFINITION) {
      for (const value of type.values ?? []) if (isInaccessible(value) || excluded(tagsOf(value))) outValues.add(value);
    }
  }

  // What follows from them, until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    const drop = (set: Set<unknown>, item: unknown) => {
      if (!set.has(item)) {
        set.add(item);
        changed = true;
      }
    };
    const reachable = new Set<string>();
    const visit = (name: string) => {
      if (reachable.has(name) || outTypes.has(name) || !types.has(name)) return;
      reachable.add(name);
      const type = types.get(name)!;
      if (type.kind === Kind.OBJECT_TYPE_DEFINITION || type.kind === Kind.INTERFACE_TYPE_DEFINITION) {
        for (const field of type.fields ?? []) {
          if (outFields.has(field)) continue;
          visit(namedType(field.type));
          for (const arg of field.arguments ?? []) if (!outArgs.has(arg)) visit(namedType(arg.type));
        }
        for (const iface of type.interfaces ?? []) visit(iface.name.value);
      } else if (type.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
        for (const field of type.fields ?? []) if (!outFields.has(field)) visit(namedType(field.type));
      } else if (type.kind === Kind.UNION_TYPE_DEFINITION) {
        for (const member of type.types ?? []) visit(member.name.value);
      }
    };
    roots.forEach(visit);
    for (const [name, type] of types) {
      if (outTypes.has(name)) continue;
      if (!reachable.has(name)) {
        drop(outTypes, name);
        continue;
      }
      if (type.kind === Kind.OBJECT_TYPE_DEFINITION || type.kind === Kind.INTERFACE_TYPE_DEFINITION || type.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
        const isInput = type.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION;
        for (const field of type.fields ?? []) {
          if (outFields.has(field)) continue;
          if (outTypes.has(namedType(field.type))) {
            // A required input field of a type that is out takes its input type out with it.
            if (isInput && isRequired(field as InputValueDefinitionNode)) drop(outTypes, name);
            else drop(outFields, field);
          }
          for (const arg of (field as FieldDefinitionNode).arguments ?? []) {
            if (outArgs.has(arg) || !outTypes.has(namedType(arg.type))) continue;
            if (isRequired(arg)) drop(outFields, field);
            else drop(outArgs, arg);
          }
        }
        if ((type.fields ?? []).every((field) => outFields.has(field)) && !roots.includes(name)) drop(outTypes, name);
      }
    }
  }

  for (const root of roots) {
    const type = types.get(root);
    if (type && 'fields' in type && (type.fields ?? []).every((field) => outFields.has(field as FieldDefinitionNode))) {
      throw new TypeError(`The contract leaves ${root} without a field; tag at least one ${root} field for it, or drop that root type from the contract.`);
    }
  }

  // Mark what is out.
  const mark = (node: { directives?: readonly ConstDirectiveNode[] }) => {
    if (!isInaccessible(node)) (node as { directives: ConstDirectiveNode[] }).directives = [...(node.directives ?? []), INACCESSIBLE];
  };
  for (const [name, type] of types) {
    if (outTypes.has(name)) mark(type);
    if ('fields' in type) for (const field of type.fields ?? []) if (outFields.has(field)) mark(field);
    if ('fields' in type) for (const field of (type.fields ?? []) as FieldDefinitionNode[]) for (const arg of field.arguments ?? []) if (outArgs.has(arg)) mark(arg);
    if (type.kind === Kind.ENUM_TYPE_DEFINITION) for (const value of type.values ?? []) if (outValues.has(value)) mark(value);
  }
  return withInaccessibleSpec(print(document));
}

/** Adds the inaccessible spec's link and directive definition when composition did not need them. */
function withInaccessibleSpec(sdl: string): string {
  if (sdl.includes(INACCESSIBLE_LINK)) return sdl;
  return sdl
    .replace(/^schema\b/m, `schema\n  @link(url: "${INACCESSIBLE_LINK}", for: SECURITY)`)
    .replace(/^directive @join__/m, `${INACCESSIBLE_DEFINITION}\n\ndirective @join__`);
}
