import { describe, expect, it } from 'vitest';
import { cacheSwitchesOff, parseEnvList } from '../../bench/lib/cacheSwitches.ts';

const readme = (rows: string[]) => `# T\n\n| \`GATEWAY_DEDUP\` | in the intro, not the reference | \`true\` |\n\n## Configuration\n\n| variable | what | default |\n| --- | --- | --- |\n${rows.join('\n')}\n\n## Scripts\n`;

describe('the caches-off run finds its switches in the configuration reference', () => {
  it('turns off every documented deduplication or entity-cache switch that defaults to on', () => {
    const text = readme([
      '| `GATEWAY_DEDUP` | merge identical in-flight subgraph requests | `true` |',
      '| `GATEWAY_ENTITY_CACHE` | entity cache | `on` |',
      '| `GATEWAY_ENTITY_CACHE_TTL_SECONDS` | how long | `300` |',
      '| `CACHE_MAX_ENTRIES` | size | `10000` |',
      '| `AUTH_REQUIRED` | refuse anonymous | `false` |',
    ]);
    expect(cacheSwitchesOff(text)).toEqual({ GATEWAY_DEDUP: 'false', GATEWAY_ENTITY_CACHE: 'false' });
  });

  it('turns off a switch whose default is unset meaning on, with the value it takes', () => {
    const text = readme([
      '| `ENTITY_CACHE` | the entity cache: `on`, `off`, or unset for on wherever writes reach it | unset |',
      '| `ENTITY_CACHE_NAMESPACE` | key prefix | unset: none |',
    ]);
    expect(cacheSwitchesOff(text)).toEqual({ ENTITY_CACHE: 'off' });
  });

  it('finds both switches of this README', () => {
    expect(cacheSwitchesOff()).toEqual({ GATEWAY_DEDUP: 'false', ENTITY_CACHE: 'off' });
  });

  it('finds none in a reference without them (this README, until the switches land, may have none)', () => {
    expect(cacheSwitchesOff(readme(['| `REDIS_URL` | shared cache | unset: in-memory LRU |']))).toEqual({});
  });
});

describe('NAME=value lists', () => {
  it('reads pairs separated by commas or spaces; values may contain =', () => {
    expect(parseEnvList('A=1, B=x=y C=', '--f')).toEqual({ A: '1', B: 'x=y', C: '' });
    expect(parseEnvList(undefined, '--f')).toEqual({});
  });
  it('names the flag and the bad pair', () => {
    expect(() => parseEnvList('A=1,oops', '--off-env')).toThrow('--off-env takes NAME=value pairs separated by commas, got "oops"');
    expect(() => parseEnvList('1A=2', '--off-env')).toThrow(/"1A=2"/);
  });
});
