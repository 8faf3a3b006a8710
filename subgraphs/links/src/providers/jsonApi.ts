/** A JSON:API resource identifier. */
export interface JsonApiRef {
  /** Resource id. */
  id: string;
  /** Resource type. */
  type: string;
}

/** A JSON:API resource object. */
export interface JsonApiResource extends JsonApiRef {
  /** The resource's attributes. */
  attributes?: Record<string, unknown>;
  /** Relationships; present only for the ones named in `include`. */
  relationships?: Record<string, { data?: JsonApiRef[] | JsonApiRef | null }>;
}

/** A JSON:API document whose primary data is a list. */
export interface JsonApiListDocument {
  /** Primary data. */
  data: JsonApiResource[];
  /** Related resources asked for with `include`. */
  included?: JsonApiResource[];
}

/** Finds included resources by type and id. */
export class JsonApiIncludes {
  private readonly byKey = new Map<string, JsonApiResource>();

  constructor(included: readonly JsonApiResource[] | undefined) {
    for (const resource of included ?? []) this.byKey.set(`${resource.type}/${resource.id}`, resource);
  }

  /** The included resources a relationship of `resource` points to, in relationship order. */
  related(resource: JsonApiResource, relationship: string): JsonApiResource[] {
    const data = resource.relationships?.[relationship]?.data;
    const refs = Array.isArray(data) ? data : data ? [data] : [];
    return refs
      .map((ref) => this.byKey.get(`${ref.type}/${ref.id}`))
      .filter((found): found is JsonApiResource => found !== undefined);
  }
}

/** A string attribute, or null when absent or not a string. */
export function stringAttribute(resource: JsonApiResource | undefined, name: string): string | null {
  const value = resource?.attributes?.[name];
  return typeof value === 'string' ? value : null;
}
