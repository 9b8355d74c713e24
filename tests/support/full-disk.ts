import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  statfsSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SmallDisk = {
  /** Where a Chromium profile goes (`userDataDir`), on the small disk. */
  profileDir: string;
  /** Photos that fill the tablet: a file beside the profile takes every free byte. */
  fill: () => void;
  /** The photos deleted: the file is gone and the disk has room again. */
  free: () => void;
  /** Some photos deleted: `bytes` of room again, the rest still full (after `fill`). */
  leave: (bytes: number) => void;
  /** Bytes the disk has left. */
  available: () => number;
  /** Unmounts the disk and removes its mount point. */
  dispose: () => void;
};

/**
 * A disk of `megabytes` of its own (a tmpfs, mounted as root), for a tablet that really runs out
 * of space: Chromium's quota override through CDP does not take in this Chromium (estimate() keeps
 * its quota and writes succeed), so the only way to a full tablet is a full disk. Chromium then
 * fails IndexedDB writes with an UnknownError naming FILE_ERROR_NO_SPACE, not QuotaExceededError.
 */
export const smallDisk = (megabytes = 64): SmallDisk => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'fieldbook-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', mountPoint], {
      stdio: 'pipe',
    });
  } catch (error) {
    rmSync(mountPoint, { recursive: true, force: true });
    throw new Error(
      `Could not mount a ${megabytes} MB tmpfs at ${mountPoint} (needs root and mount rights): ${String(error)}`,
      { cause: error },
    );
  }
  const profileDir = join(mountPoint, 'profile');
  const filler = join(mountPoint, 'photos');
  mkdirSync(profileDir);
  const available = () => {
    const s = statfsSync(mountPoint);
    return s.bavail * s.bsize;
  };
  const fill = () => {
    const fd = openSync(filler, 'a');
    try {
      for (const size of [1 << 20, 4096, 1])
        try {
          const chunk = Buffer.alloc(size);
          for (;;) writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
    } finally {
      closeSync(fd);
    }
  };
  const free = () => rmSync(filler, { force: true });
  const leave = (bytes: number) => truncateSync(filler, Math.max(0, statSync(filler).size - bytes));
  const dispose = () => {
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    rmSync(mountPoint, { recursive: true, force: true });
  };
  return { profileDir, fill, free, leave, available, dispose };
};
