import { describe, expect, it } from 'vitest';
import { passesFilters, releaseKind, releaseVersions, type ReleaseFilters } from '../../../subgraphs/links/src/library/releaseKinds.ts';

const DEFAULTS: ReleaseFilters = { albums: true, eps: true, singles: true, live: false, remixes: false, acoustic: false, compilations: false };

describe('release kinds', () => {
  it.each([
    ['Random Access Memories', 13, 'ALBUM'],
    ['Get Lucky - Single', 1, 'SINGLE'],
    ['Get Lucky', 2, 'SINGLE'],
    ['Alive 2007 (EP)', 12, 'EP'],
    ['Homework Remixes EP', 6, 'EP'],
    ['Musique Vol. 1', 5, 'EP'],
    ['Greatest Hits', 20, 'COMPILATION'],
    ['The Best of Björk', 18, 'COMPILATION'],
  ] as const)('%s with %i tracks is %s', (title, count, kind) => {
    expect(releaseKind(title, count)).toBe(kind);
  });
});

describe('release versions, read with the links search rules', () => {
  it('reads the title, a few release forms, and what every track says', () => {
    expect([...releaseVersions('Alive 2007 (Live)', [])]).toEqual(['live']);
    expect([...releaseVersions('Live at Wembley', ['Intro', 'Song'])]).toEqual(['live']);
    expect([...releaseVersions('Homework - The Remixes', [])]).toContain('remix');
    expect([...releaseVersions('MTV Unplugged in New York', [])].sort()).toEqual(['acoustic', 'live']);
    expect([...releaseVersions('Wembley', ['One (Live)', 'Two - Live'])]).toEqual(['live']);
    // One remix among the bonus tracks does not make an album a remix release; a song called "Live Forever" is no live album.
    expect([...releaseVersions('Discovery', ['One More Time', 'Aerodynamic', 'One More Time (Radio Remix)'])]).toEqual([]);
    expect([...releaseVersions('Live Forever', ['Live Forever'])]).toEqual([]);
  });
});

describe('filters', () => {
  it('need the kind and every filtered version to be wanted', () => {
    expect(passesFilters('ALBUM', new Set(), DEFAULTS)).toBe(true);
    expect(passesFilters('COMPILATION', new Set(), DEFAULTS)).toBe(false);
    expect(passesFilters('ALBUM', new Set(['live']), DEFAULTS)).toBe(false);
    expect(passesFilters('ALBUM', new Set(['live']), { ...DEFAULTS, live: true })).toBe(true);
    expect(passesFilters('EP', new Set(['live', 'remix']), { ...DEFAULTS, live: true })).toBe(false);
    // Versions the filters do not name (remaster, edit…) never exclude a release.
    expect(passesFilters('SINGLE', new Set(['remaster', 'edit']), DEFAULTS)).toBe(true);
  });
});
