import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acrCloudSignature } from '../../../../subgraphs/audio-matches/src/acrcloud/AcrCloudClient.ts';
import { TEST_ENV } from '../../../helpers/subgraph.ts';

/** The recorded ACRCloud answers (test/fixtures/acrcloud/). */
export const ACRCLOUD_FIXTURES = new URL('../../../fixtures/acrcloud/', import.meta.url);

/** A recorded fixture's text. */
export function acrCloudFixture(name: string): string {
  return readFileSync(new URL(name, ACRCLOUD_FIXTURES), 'utf8');
}

/** One answer the fake gives: a fixture (HTTP 200), an HTTP status with headers, or no answer at all. */
export type FakeAnswer = { fixture: string } | { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/** A request the fake received, its form fields parsed. */
export interface FakeIdentifyRequest {
  path: string;
  fields: Record<string, string>;
  sampleBytes: number;
  signatureValid: boolean;
}

/** The fake's handle: where it listens, what it received, and what it answers next. */
export interface FakeAcrCloud {
  url: string;
  accessKey: string;
  accessSecret: string;
  requests: FakeIdentifyRequest[];
  /** Answers for the next requests, in order; afterwards `defaultAnswer`. */
  queue: FakeAnswer[];
  defaultAnswer: FakeAnswer;
  /** Serves a file (audio) at `/audio/<name>` for the analysis tests. */
  audio: Map<string, Buffer>;
  close(): Promise<void>;
}

/**
 * A local ACRCloud identification server (127.0.0.1, free port): checks the
 * multipart form and its signature as ACRCloud does (status 3014 when it is
 * wrong, 3001 for another key) and replays the recorded responses.
 */
export async function startFakeAcrCloud(options: { accessKey?: string; accessSecret?: string } = {}): Promise<FakeAcrCloud> {
  const accessKey = options.accessKey ?? 'fake-access-key';
  const accessSecret = options.accessSecret ?? 'fake-access-secret';
  const sockets = new Set<import('node:net').Socket>();
  const fake: Omit<FakeAcrCloud, 'url' | 'close'> = { accessKey, accessSecret, requests: [], queue: [], defaultAnswer: { fixture: 'music-la-bambola.json' }, audio: new Map() };
  const server: Server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'GET' && path.startsWith('/audio/')) {
      const audio = fake.audio.get(path.slice('/audio/'.length));
      res.writeHead(audio ? 200 : 404, { 'content-type': 'audio/mpeg' }).end(audio ?? '');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // Parse the multipart body with the platform's own FormData reader.
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: Buffer.concat(chunks) }).formData();
    const fields: Record<string, string> = {};
    form.forEach((value, key) => {
      if (typeof value === 'string') fields[key] = value;
    });
    const sample = form.get('sample');
    const signatureValid = fields.signature === acrCloudSignature(accessSecret, fields.access_key ?? '', fields.timestamp ?? '', fields.data_type);
    fake.requests.push({ path, fields, sampleBytes: sample instanceof Blob ? sample.size : 0, signatureValid });
    const status = (code: number, msg: string): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: { msg, version: '1.0', code } }));
    if (path !== '/v1/identify' || req.method !== 'POST') return void res.writeHead(404).end();
    if (fields.access_key !== accessKey) return status(3001, 'Missing/Invalid Access Key');
    if (!signatureValid || fields.signature_version !== '1') return status(3014, 'Invalid signature');
    if (!(sample instanceof Blob) || String(sample.size) !== fields.sample_bytes) return status(3006, 'Invalid parameters');
    const answer = fake.queue.shift() ?? fake.defaultAnswer;
    if (answer === 'hang') return; // never answers: the client's timeout must end it
    if ('fixture' in answer) return void res.writeHead(200, { 'content-type': 'application/json' }).end(acrCloudFixture(answer.fixture));
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body ?? '');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

/** The environment of a subgraph (or stack) configured for the fake: its credentials, local audio URLs allowed, 2 KB samples. */
export function acrCloudEnv(fake: Pick<FakeAcrCloud, 'url' | 'accessKey' | 'accessSecret'>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...TEST_ENV, ACRCLOUD_HOST: fake.url, ACRCLOUD_ACCESS_KEY: fake.accessKey, ACRCLOUD_ACCESS_SECRET: fake.accessSecret, ACRCLOUD_ALLOW_PRIVATE_AUDIO_URLS: 'true', ACRCLOUD_MAX_SAMPLE_BYTES: '2048', ...extra };
}
