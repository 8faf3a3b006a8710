import { describe, expect, it } from 'vitest';
import { matchThreshold, pickCandidate, rejectCandidate, subjectVersion, type Candidate } from '../../../../subgraphs/library/src/ingest/matchRules.ts';

const hit = (title: string, score = 0.95, durationSeconds: number | null = 300): Candidate => ({ score, track: { id: `trk_${title}`, isrc: 'ZZTST0000001', title, durationSeconds } });
const subject = (title: string, album: string | null = null, durationMs: number | null = 300_000) => ({ title, album, durationMs });

describe('accepts only the same recording', () => {
  it('accepts a hit at or above the links threshold, of the same version and length', () => {
    expect(matchThreshold()).toBe(0.8);
    expect(rejectCandidate(subject('One More Time'), hit('One More Time', 0.8))).toBeNull();
    expect(rejectCandidate(subject('One More Time'), hit('One More Time', 0.79))).toBe('score');
  });

  it('reads the threshold from RESOLVE_MATCH_THRESHOLD, and refuses a value outside 0.5 to 1', () => {
    expect(matchThreshold({ RESOLVE_MATCH_THRESHOLD: '0.9' })).toBe(0.9);
    expect(matchThreshold({ RESOLVE_MATCH_THRESHOLD: '' })).toBe(0.8);
    for (const bad of ['0.3', '1.5', 'high', 'NaN']) expect(() => matchThreshold({ RESOLVE_MATCH_THRESHOLD: bad }), bad).toThrow(/RESOLVE_MATCH_THRESHOLD/);
  });

  it('never ties live, remix, edit or acoustic versions to the studio recording, nor the other way round', () => {
    for (const version of ['One More Time (Live)', 'One More Time - Radio Edit', 'One More Time [Remix]', 'One More Time (Acoustic)', 'One More Time - Extended Mix', 'One More Time (Instrumental)']) {
      expect(rejectCandidate(subject(version), hit('One More Time')), version).toBe('version');
      expect(rejectCandidate(subject('One More Time'), hit(version)), version).toBe('version');
      expect(rejectCandidate(subject(version), hit(version)), version).toBeNull();
    }
    // A remaster is the same performance; "Live Forever" is not a live version.
    expect(rejectCandidate(subject('Paranoid Android - 2017 Remaster'), hit('Paranoid Android'))).toBeNull();
    expect(rejectCandidate(subject('Live Forever'), hit('Live Forever'))).toBeNull();
  });

  it('takes "live" from a live album whose titles do not say it', () => {
    expect([...subjectVersion(subject('Paranoid Android', 'Live at Wembley'))]).toEqual(['live']);
    expect(rejectCandidate(subject('Paranoid Android', 'Live at Wembley'), hit('Paranoid Android'))).toBe('version');
    expect(rejectCandidate(subject('Live Forever', 'Live Forever'), hit('Live Forever'))).toBeNull();
    expect([...subjectVersion(subject('Airbag', 'OK Computer'))]).toEqual([]);
  });

  it('refuses a length more than 5 s or 3 % away, and skips the check when either is unknown', () => {
    expect(rejectCandidate(subject('Song', null, 300_000), hit('Song', 0.9, 304))).toBeNull();
    expect(rejectCandidate(subject('Song', null, 300_000), hit('Song', 0.9, 310))).toBe('duration');
    expect(rejectCandidate(subject('Song', null, 600_000), hit('Song', 0.9, 617))).toBeNull();
    expect(rejectCandidate(subject('Song', null, null), hit('Song', 0.9, 999))).toBeNull();
    expect(rejectCandidate(subject('Song'), hit('Song', 0.9, null))).toBeNull();
  });

  it('picks the first acceptable hit in the search order, else says why the best was refused', () => {
    expect(pickCandidate(subject('One More Time (Live)'), [hit('One More Time', 0.9), hit('One More Time (Live)', 0.8)]).match?.track.title).toBe('One More Time (Live)');
    expect(pickCandidate(subject('One More Time'), [hit('One More Time (Live)', 0.9), hit('One More Time', 0.5)])).toEqual({ match: null, rejection: 'version' });
    expect(pickCandidate(subject('One More Time'), [])).toEqual({ match: null, rejection: null });
  });
});
