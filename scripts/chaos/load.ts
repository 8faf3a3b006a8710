/**
 * Steady load for failure drills: a fixed number of clients, each sending the
 * track card again as soon as its last answer arrived, every answer recorded.
 */

/** The federated track card: one field from each subgraph. */
export const TRACK_CARD = /* GraphQL */ `{ track(isrc: "GBDUW0000053") { title links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }`;

/** The track card's field each subgraph answers (links answers the track itself). */
export const CARD_FIELDS = { analytics: 'spotifyStreams', library: 'libraryTracks', 'audio-matches': 'matches' } as const;

/** One answer of the gateway, as the drill sees it. */
export interface Sample {
  /** `Date.now()` when the request was sent and when its answer was read. */
  started: number;
  ended: number;
  /** HTTP status; 0 when the gateway could not be reached or answered no JSON. */
  status: number;
  /** The links subgraph's part stood: the track's title and its links. */
  links: boolean;
  /** No error and every field of the card present. */
  complete: boolean;
  /** `extensions.code` of each error (`NO_CODE` when one had none; `FETCH_FAILED` for no answer). */
  codes: string[];
  /** `extensions.serviceName` of each error that had one. */
  services: string[];
}

/** Options for {@link startLoad}. */
export interface LoadOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** API key sent as `Authorization: Bearer`. */
  key: string;
  /** Clients sending at once. @default 8 */
  concurrency?: number;
  /** Longest wait for one answer. @default 15000 */
  timeoutMs?: number;
}

/** A running load: its samples so far, and a stop that waits for the answers still due. */
export interface Load {
  samples: Sample[];
  stop(): Promise<Sample[]>;
}

/** Reads one gateway answer to the track card as a {@link Sample}. */
export function classifyCard(status: number, body: any, started: number, ended: number): Sample {
  const errors: any[] = Array.isArray(body?.errors) ? body.errors : [];
  const track = body?.data?.track;
  const links = typeof track?.title === 'string' && Array.isArray(track.links) && track.links.length > 0;
  const complete = links && errors.length === 0 && Object.values(CARD_FIELDS).every((field) => track[field] != null);
  return {
    started,
    ended,
    status,
    links,
    complete,
    codes: errors.map((error) => String(error?.extensions?.code ?? 'NO_CODE')),
    services: errors.flatMap((error) => (typeof error?.extensions?.serviceName === 'string' ? [error.extensions.serviceName] : [])),
  };
}

/** Sends the track card once and classifies the answer; a failed request is a sample too. */
export async function sendCard(url: string, key: string, timeoutMs = 15_000): Promise<Sample> {
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: TRACK_CARD }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.json().catch(() => undefined);
    return classifyCard(body === undefined ? 0 : response.status, body, started, Date.now());
  } catch {
    return { started, ended: Date.now(), status: 0, links: false, complete: false, codes: ['FETCH_FAILED'], services: [] };
  }
}

/** Starts `concurrency` clients looping on the track card until stopped. */
export function startLoad(options: LoadOptions): Load {
  const samples: Sample[] = [];
  let running = true;
  const client = async () => {
    while (running) samples.push(await sendCard(options.url, options.key, options.timeoutMs));
  };
  const clients = Array.from({ length: options.concurrency ?? 8 }, client);
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(clients);
      return samples;
    },
  };
}

/** Resolves with the first sample after `since` that is complete, or null after `timeoutMs`. */
export async function firstComplete(samples: readonly Sample[], since: number, timeoutMs: number): Promise<Sample | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = samples.find((sample) => sample.ended >= since && sample.complete);
    if (found || Date.now() > deadline) return found ?? null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What one outage looked like from the clients' side. */
export interface OutageFigures {
  subgraph: string;
  /** Answers that arrived between the kill and the restart. */
  responses: number;
  /** Share of those answers that carried the links fields (0 to 1). */
  linksShare: number;
  /** Every error code seen in them, with how often. */
  codes: Record<string, number>;
  /** Services named by their errors. */
  services: string[];
}

/** Figures of the answers that arrived in `[from, to)`. */
export function outageFigures(subgraph: string, samples: readonly Sample[], from: number, to: number): OutageFigures {
  const during = samples.filter((sample) => sample.ended >= from && sample.ended < to);
  const codes: Record<string, number> = {};
  for (const code of during.flatMap((sample) => sample.codes)) codes[code] = (codes[code] ?? 0) + 1;
  return {
    subgraph,
    responses: during.length,
    linksShare: during.length === 0 ? 0 : during.filter((sample) => sample.links).length / during.length,
    codes,
    services: [...new Set(during.flatMap((sample) => sample.services))],
  };
}
