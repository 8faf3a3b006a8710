import { ProviderError } from './ProviderError.ts';
import { lookupInBatches } from './isrcBatches.ts';
import type { ProviderClient, ProviderPlatform, ProviderTrack } from './types.ts';

/** What every platform client declares about itself. */
export interface ProviderClientBaseOptions {
  /** The platform. */
  platform: ProviderPlatform;
  /** Max distinct ISRCs per platform request. */
  batchSize: number;
  /** Why the client cannot be used (a missing setting), or null when it can. */
  disabledReason: string | null;
}

/**
 * The part of a {@link ProviderClient} that is the same everywhere: input order, ISRC
 * normalisation, de-duplication, batching, and refusing to run while disabled.
 */
export abstract class ProviderClientBase implements ProviderClient {
  /** The platform this client talks to. */
  readonly platform: ProviderPlatform;
  /** Max ISRCs per platform request; larger inputs are split into several requests. */
  readonly batchSize: number;
  /** Why the client is disabled, or null when it is enabled. */
  readonly disabledReason: string | null;

  protected constructor(options: ProviderClientBaseOptions) {
    this.platform = options.platform;
    this.batchSize = options.batchSize;
    this.disabledReason = options.disabledReason;
  }

  /** false when credentials are missing; `disabledReason` says which. */
  get enabled(): boolean {
    return this.disabledReason === null;
  }

  /** One result per input ISRC, same order; [] when the platform does not have it. Throws ProviderError. */
  async lookupIsrcs(isrcs: readonly string[], signal?: AbortSignal): Promise<ProviderTrack[][]> {
    this.assertEnabled();
    return lookupInBatches(isrcs, this.batchSize, (batch, batchSignal) => this.lookupBatch(batch, batchSignal), signal);
  }

  /** Looks up at most `batchSize` distinct, valid ISRCs; tracks are keyed by the requested ISRC. */
  protected abstract lookupBatch(isrcs: string[], signal?: AbortSignal): Promise<Map<string, ProviderTrack[]>>;

  /** Throws a ProviderError naming the missing setting when the client is disabled. */
  protected assertEnabled(): void {
    if (this.disabledReason !== null) {
      throw new ProviderError(`client is disabled: ${this.disabledReason}`, { platform: this.platform, code: 'DISABLED' });
    }
  }
}
