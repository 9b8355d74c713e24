import { describe, expect, it } from 'vitest';
import type { AdminUser } from '../../domain';
import { deviceLabels } from './admin-api';

type Device = AdminUser['devices'][number];
const device = (id: string, createdAt: string, description: string | null): Device => ({
  deviceId: id,
  createdAt,
  lastSeenAt: null,
  revokedAt: null,
  revokeMode: null,
  description,
});
const hhmm = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

describe('devices as a coordinator tells them apart', () => {
  it('names a device by its browser and platform and when it first signed in', () => {
    const at = '2026-11-28T10:15:00.000Z';
    const labels = deviceLabels([device('01a21fc8-aaaa', at, 'Chrome on an Android tablet')]);
    expect(labels.get('01a21fc8-aaaa')).toBe(
      `Chrome on an Android tablet, first signed in 28 November 2026 at ${hhmm(at)}`,
    );
  });

  it('falls back to the start of the id when the server could not name the browser', () => {
    const at = '2026-11-28T10:15:00.000Z';
    expect(deviceLabels([device('01a21fc8-aaaa', at, null)]).get('01a21fc8-aaaa')).toBe(
      `Device 01a21fc8, first signed in 28 November 2026 at ${hhmm(at)}`,
    );
  });

  it('adds the start of the id to two devices that would read the same, and only to them', () => {
    const at = '2026-11-28T10:15:00.000Z';
    const labels = deviceLabels([
      device('aaaaaaaa-1', at, 'Chrome on a Linux computer'),
      device('bbbbbbbb-2', at, 'Chrome on a Linux computer'),
      device('cccccccc-3', at, 'Safari on an iPad'),
    ]);
    expect(labels.get('aaaaaaaa-1')).toMatch(/ \(aaaaaaaa\)$/);
    expect(labels.get('bbbbbbbb-2')).toMatch(/ \(bbbbbbbb\)$/);
    expect(labels.get('cccccccc-3')).not.toMatch(/\(/);
    expect(new Set(labels.values()).size).toBe(3);
  });
});
