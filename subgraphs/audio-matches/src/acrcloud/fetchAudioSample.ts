import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { ReadableStream } from 'node:stream/web';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import { BadUserInputError } from '../../../../lib/errors.ts';

/** Longest audio URL accepted. */
export const MAX_AUDIO_URL_LENGTH = 2048;
/** Redirects followed, each checked like the first URL. */
const MAX_REDIRECTS = 5;

/** Options for {@link fetchAudioSample}. */
export interface FetchAudioOptions {
  /** Bytes kept: the first ones of the file. */
  maxBytes: number;
  /** Time allowed for the whole download, redirects included, in milliseconds. */
  timeoutMs: number;
  /** Allow loopback and private addresses (tests, local setups). */
  allowPrivate: boolean;
  signal?: AbortSignal;
}

// Loopback, private, link-local, carrier-grade NAT, benchmark, multicast and reserved ranges: never fetched for a caller.
const PRIVATE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is loopback, private or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address is its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Validates an audio URL argument: http or https, at most
 * {@link MAX_AUDIO_URL_LENGTH} characters, no credentials, and no private
 * address written in it (names are checked when they are resolved).
 */
export function parseAudioUrl(raw: string, allowPrivate: boolean, argument = 'audioUrl'): URL {
  if (raw.length > MAX_AUDIO_URL_LENGTH) throw new BadUserInputError(`\`${argument}\` is longer than ${MAX_AUDIO_URL_LENGTH} characters.`, argument, raw);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new BadUserInputError(`Invalid URL "${raw}" in \`${argument}\`.`, argument, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadUserInputError(`\`${argument}\` must be an http or https URL, got "${url.protocol}".`, argument, raw);
  if (url.username || url.password) throw new BadUserInputError(`\`${argument}\` must not carry credentials.`, argument, raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))) {
    throw new BadUserInputError(`\`${argument}\` points at a loopback or private address, which is refused.`, argument, raw);
  }
  return url;
}

/** A DNS lookup that fails for names resolving to private addresses: checked at connect time, so a name cannot change between check and use. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find(({ address }) => isPrivateAddress(address));
    if (refused) return callback(Object.assign(new Error(`${hostname} resolves to the private address ${refused.address}, which is refused`), { code: 'EPRIVATE' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * Downloads the first `maxBytes` of an audio file: the sample sent to ACRCloud
 * (an MP3 cut short still decodes; ACRCloud advises 15 seconds or less).
 * Redirects are followed by hand so each target is checked; throws an Error
 * saying what went wrong (status, timeout, size, refused address).
 */
export async function fetchAudioSample(url: URL, options: FetchAudioOptions): Promise<Uint8Array> {
  const dispatcher = new Agent(options.allowPrivate ? {} : { connect: { lookup: publicOnlyLookup } });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(current, { dispatcher, signal, redirect: 'manual', headers: { 'user-agent': 'Trackgraph/0.1.0', range: `bytes=0-${options.maxBytes - 1}` } });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
        current = parseAudioUrl(new URL(location, current).toString(), options.allowPrivate, 'redirect');
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status} from ${current.host}`);
      }
      const sample = await readFirstBytes(response.body, options.maxBytes);
      if (sample.byteLength === 0) throw new Error(`empty audio from ${current.host}`);
      return sample;
    }
  } catch (error) {
    if (timeout.aborted) throw new Error(`audio download took longer than ${options.timeoutMs} ms`);
    const cause = (error as Error).cause as Error | undefined;
    throw new Error(`audio download failed: ${cause?.message ?? (error as Error).message}`);
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/** The first `max` bytes of a body stream; the rest is never read. */
async function readFirstBytes(body: ReadableStream | null, max: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const out = new Uint8Array(max);
  let size = 0;
  const reader = body.getReader();
  while (size < max) {
    const { done, value } = (await reader.read()) as { done: boolean; value: Uint8Array };
    if (done) break;
    const take = Math.min(value.byteLength, max - size);
    out.set(value.subarray(0, take), size);
    size += take;
  }
  await reader.cancel().catch(() => undefined);
  return out.subarray(0, size);
}
