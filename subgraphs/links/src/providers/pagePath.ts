/**
 * The path and query of a paging link (Deezer's and Spotify's `next`), to be requested from the
 * configured base URL: the client then never sends a request (or a token) to a host it was not
 * configured with, and recorded bodies, whose links name the real host, replay against a local server.
 */
export function pagePath(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}
