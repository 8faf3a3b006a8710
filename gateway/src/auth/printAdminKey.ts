/**
 * Prints the admin key made on the first start, once, on standard output (never
 * through the logger): it is the only time anyone sees it.
 */
export function printAdminKey(key: string, url: string): void {
  console.log(
    [
      '',
      'Admin API key for the demo account (shown once, never logged; keep it):',
      `  ${key}`,
      'Use it as:',
      `  curl -s ${url} -H 'authorization: Bearer ${key}' -H 'content-type: application/json' -d '{"query":"{ account { id credits } }"}'`,
      `  export TRACKGRAPH_API_KEY=${key}   # for npm run backfill`,
    ].join('\n'),
  );
}
