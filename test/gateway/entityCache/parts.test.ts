import { describe, expect, it } from 'vitest';
import { entryTtl, policyOf, scopeKey } from '../../../gateway/src/entityCache/cachePolicy.ts';
import { entityCacheOptions } from '../../../gateway/src/entityCache/entityCacheOptions.ts';
import { mergeEntities } from '../../../gateway/src/entityCache/mergeEntities.ts';
import { testCaller } from '../../helpers/callers.ts';

describe('mergeEntities', () => {
  it('puts the misses back in their places and renumbers their errors', () => {
    const merged = mergeEntities(['a', null, 'c', null], [1, 3], { _entities: [{ t: 'b' }, null] }, [{ message: 'gone', path: ['_entities', 1, 'title'] }]);
    expect(merged.entities).toEqual(['a', { t: 'b' }, 'c', null]);
    expect(merged.errors).toEqual([{ message: 'gone', path: ['_entities', 3, 'title'] }]);
    expect([...merged.failed]).toEqual([3]);
    expect(merged.unattributed).toBe(false);
  });

  it('a fetch that failed outright leaves every miss null with its own error, and the hits standing', () => {
    const merged = mergeEntities(['a', null, null], [1, 2], undefined, [{ message: 'down', path: ['_entities', 0, 'title'], extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    expect(merged.entities).toEqual(['a', null, null]);
    expect(merged.errors.map((error) => error.path)).toEqual([['_entities', 1, 'title'], ['_entities', 2, 'title']]);
    expect(merged.unattributed).toBe(true);
  });

  it('an error without an entity path marks the answer as not to be cached', () => {
    const merged = mergeEntities([null], [0], { _entities: [{ t: 1 }] }, [{ message: 'odd' }]);
    expect(merged.unattributed).toBe(true);
    expect(merged.entities).toEqual([{ t: 1 }]);
  });

  it('a list of the wrong length is not trusted', () => {
    const merged = mergeEntities([null, null], [0, 1], { _entities: [{ t: 1 }] }, undefined);
    expect(merged.entities).toEqual([null, null]);
  });
});

describe('cache policy', () => {
  it('links are shared; analytics and unknown subgraphs are per caller, and not cached for anonymous callers', () => {
    expect(scopeKey(policyOf('links'), null)).toBe('s');
    expect(scopeKey(policyOf('analytics'), null)).toBeUndefined();
    expect(scopeKey(policyOf('analytics'), testCaller('a'))).not.toBe(scopeKey(policyOf('analytics'), testCaller('b')));
    expect(scopeKey(policyOf('some-new-subgraph'), testCaller('a'))).toMatch(/^c/);
    // Same account, another profile: another scope.
    expect(scopeKey(policyOf('library'), { ...testCaller('a'), profileId: 'p1' })).not.toBe(scopeKey(policyOf('library'), testCaller('a')));
  });

  it('lifetimes: the hint, capped, and for analytics no later than the next UTC midnight', () => {
    const now = Date.parse('2026-12-01T23:59:00Z');
    expect(entryTtl(policyOf('links'), 3600, 86_400, now)).toBe(3600);
    expect(entryTtl(policyOf('links'), 86_400, 600, now)).toBe(600);
    expect(entryTtl(policyOf('analytics'), 3600, 86_400, now)).toBe(60);
  });
});

describe('ENTITY_CACHE', () => {
  it('is on by default where writes reach it, off where they cannot, and refused when forced there', () => {
    expect(entityCacheOptions({}, true)).toMatchObject({ enabled: true });
    expect(entityCacheOptions({ REDIS_URL: 'redis://x' }, false)).toMatchObject({ enabled: true });
    expect(entityCacheOptions({}, false)).toMatchObject({ enabled: false });
    expect(entityCacheOptions({ ENTITY_CACHE: 'off' }, true)).toMatchObject({ enabled: false, reason: 'ENTITY_CACHE=off' });
    expect(() => entityCacheOptions({ ENTITY_CACHE: 'on' }, false)).toThrow(/REDIS_URL/);
  });

  it('rejects bad values naming the variable', () => {
    expect(() => entityCacheOptions({ ENTITY_CACHE: 'maybe' }, true)).toThrow(/ENTITY_CACHE must be on or off/);
    expect(() => entityCacheOptions({ ENTITY_CACHE_MAX_TTL: '0' }, true)).toThrow(/ENTITY_CACHE_MAX_TTL/);
    expect(() => entityCacheOptions({ ENTITY_CACHE_MAX_ENTRIES: 'lots' }, true)).toThrow(/ENTITY_CACHE_MAX_ENTRIES/);
  });
});
