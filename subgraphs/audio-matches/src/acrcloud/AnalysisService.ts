import { acrCloudSettings, ACRCLOUD_VARIABLES, type AcrCloudSettings } from '../../../../lib/config.ts';
import { ErrorCode, TrackgraphError } from '../../../../lib/errors.ts';
import { logger } from '../../../../lib/logger.ts';
import { parseTrackId } from '../../../links/src/trackId.ts';
import type { AudioMatchesPrisma } from '../db.ts';
import { saveAnalysis, setAnalysisStatus } from '../store/saveAnalysis.ts';
import { AcrCloudClient, type AcrCloudClientOptions } from './AcrCloudClient.ts';
import { fetchAudioSample, parseAudioUrl } from './fetchAudioSample.ts';
import { parseResponses } from './parseResult.ts';

/**
 * Longest an analysis may run (download, identification, retries). An
 * analysis still PENDING well past it was cut off by a crash or a restart:
 * {@link AnalysisService.failInterrupted} marks it FAILED.
 */
export const ANALYSIS_DEADLINE_MS = 120_000;
/** Age after which a PENDING analysis counts as interrupted. */
export const INTERRUPTED_AFTER_MS = 2 * ANALYSIS_DEADLINE_MS;

/** Options for {@link AnalysisService}. */
export interface AnalysisServiceOptions {
  /** @default acrCloudSettings(env) */
  settings?: AcrCloudSettings;
  env?: NodeJS.ProcessEnv;
  /** Extra client options (fetch, limits), for tests. */
  client?: Partial<AcrCloudClientOptions>;
}

/**
 * `Mutation.requestTrackAnalysis` behind the resolver: fetches the start of
 * the audio, sends it to ACRCloud with the configured project's credentials,
 * and stores the analysis PENDING, then DONE with its matches or FAILED with
 * the reason. One per subgraph process.
 */
export class AnalysisService {
  readonly settings: AcrCloudSettings;
  private readonly client: AcrCloudClient | null;

  constructor(
    private readonly prisma: AudioMatchesPrisma,
    options: AnalysisServiceOptions = {},
  ) {
    this.settings = options.settings ?? acrCloudSettings(options.env);
    const credentials = this.settings.credentials;
    this.client = credentials ? new AcrCloudClient({ ...credentials, ...options.client }) : null;
  }

  /** Runs one analysis for `accountId` and returns its stored row. Throws BAD_USER_INPUT and SERVICE_UNAVAILABLE before storing anything. */
  async request(accountId: string, rawTrackId: string, rawAudioUrl: string) {
    const trackId = parseTrackId(rawTrackId, 'trackId');
    const url = parseAudioUrl(rawAudioUrl, this.settings.allowPrivateAudioUrls);
    if (!this.client) {
      throw new TrackgraphError(
        ErrorCode.SERVICE_UNAVAILABLE,
        `Audio identification is not configured: set ${ACRCLOUD_VARIABLES.join(', ')} (the ACRCloud project's host, access key and access secret) on the audio-matches subgraph. Missing: ${this.settings.missing.join(', ')}.`,
        { missing: this.settings.missing },
      );
    }
    await this.failInterrupted();
    const analysis = { accountId, trackId, source: 'ACRCLOUD_API' as const, sourceFile: url.toString() };
    const { analysisId } = await saveAnalysis(this.prisma, { ...analysis, status: 'PENDING' }, []);
    try {
      const signal = AbortSignal.timeout(ANALYSIS_DEADLINE_MS);
      const sample = await fetchAudioSample(url, { maxBytes: this.settings.maxSampleBytes, timeoutMs: this.settings.audioTimeoutMs, allowPrivate: this.settings.allowPrivateAudioUrls, signal });
      const response = await this.client.identify(sample, { signal });
      const parsed = parseResponses([{ value: response, line: null }]);
      if (parsed.problems.length) logger.warn({ analysisId, problems: parsed.problems }, 'ACRCloud result values left out');
      await saveAnalysis(this.prisma, { ...analysis, status: 'DONE', analyzedAt: new Date() }, parsed.matches);
    } catch (error) {
      const message = (error as Error).message;
      logger.warn({ analysisId, error: message }, 'track analysis failed');
      await setAnalysisStatus(this.prisma, analysisId, 'FAILED', message.slice(0, 1000));
    }
    return this.prisma.trackAnalysis.findUniqueOrThrow({ where: { id: analysisId } });
  }

  /**
   * Marks FAILED ("interrupted") the identification analyses left PENDING for
   * longer than {@link INTERRUPTED_AFTER_MS}: a process that died mid-analysis
   * never finishes them. Runs when the subgraph starts and before each new
   * analysis; another process's analysis in progress is younger and untouched.
   */
  async failInterrupted(now = Date.now()): Promise<number> {
    const { count } = await this.prisma.trackAnalysis.updateMany({
      where: { status: 'PENDING', source: 'ACRCLOUD_API', updatedAt: { lt: new Date(now - INTERRUPTED_AFTER_MS) } },
      data: { status: 'FAILED', error: 'interrupted: the analysis did not finish (the server stopped while it ran)' },
    });
    return count;
  }
}
