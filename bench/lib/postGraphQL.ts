/** POSTs an operation to a gateway with `headers` (its key); returns `data`, and throws with the errors when there are any. */
export async function postGraphQL(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
