import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain';
import { exportEncrypted, openBackup } from './backup';
import { countDrafts, draftKeyOf, parseDraftKey, readDraft } from './drafts';
import { LockedError } from './encryption';
import { diskText, encryptedTabs } from './fixtures';
import { lock } from './keyring';
import { createRepository } from './repository';

// A form's unsent words (the lead's return comment, a concern not yet saved) kept on the device:
// sealed at rest like every record, never an outbox op, waited for by a lock, gone when dropped.

const OWNER = { userId: '0190a000-0000-7000-8000-0000000000aa', origin: 'https://fieldbook.test' };
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const EVIDENCE = '0190a000-0000-7000-8000-000000000002';
const COMMENT = 'Ask whether the child was seen alone at the last two visits';
const tabs = encryptedTabs('drafts');
const repoOf = () =>
  createRepository({ db: tabs.db, clock: fixedClock(Date.UTC(2026, 10, 30, 21), 1000) });
const key = draftKeyOf(INSPECTION, 'review-comment', EVIDENCE);

beforeEach(() => tabs.start());
afterEach(() => tabs.end());

describe('drafts kept on the device', () => {
  it('keeps the words sealed at rest, readable in another tab with the key, and never as an op to sync', async () => {
    const repo = repoOf();
    await repo.saveDraft(key, { comment: COMMENT });
    expect(await readDraft(tabs.db, key)).toEqual({
      fields: { comment: COMMENT },
      savedAt: '2026-11-30T21:00:00.000Z',
    });
    expect(await diskText(tabs.db.name)).not.toContain('seen alone');
    expect(await diskText(tabs.db.name)).toContain(key); // the key names ids only, so it may stay clear
    const other = await tabs.otherTab();
    expect((await readDraft(other, key))?.fields).toEqual({ comment: COMMENT });
    expect(await tabs.db.outbox.count()).toBe(0);
  });

  it('a later save replaces the draft; discarding drops it', async () => {
    const repo = repoOf();
    await repo.saveDraft(key, { comment: 'Ask whether' });
    await repo.saveDraft(key, { comment: COMMENT });
    expect((await readDraft(tabs.db, key))?.fields.comment).toBe(COMMENT);
    await repo.discardDraft(key);
    expect(await readDraft(tabs.db, key)).toBeUndefined();
    expect(await diskText(tabs.db.name)).not.toContain(key);
  });

  it('idle waits for a draft being written, so a lock drops the key only after the last words are stored', async () => {
    const repo = repoOf();
    const unlockKey = await tabs.sameKeyAgain(); // the key the next unlock unwraps
    let landed = false;
    // An editor unmounting as the app locks: its last save has just begun.
    void repo.saveDraft(key, { comment: COMMENT }).then(() => (landed = true));
    await repo.idle();
    expect(landed).toBe(true);
    lock(tabs.holder); // at once, as KeyringGate does after idle
    await expect(readDraft(tabs.db, key)).rejects.toBeInstanceOf(LockedError);
    tabs.holder.current = unlockKey;
    expect((await readDraft(tabs.db, key))?.fields.comment).toBe(COMMENT);
  });

  it('are counted as unsent work and go into the encrypted copy offered before sign-out', async () => {
    const repo = repoOf();
    expect(await countDrafts(tabs.db)).toBe(0);
    await repo.saveDraft(key, { comment: COMMENT });
    await repo.saveDraft(draftKeyOf(INSPECTION, 'new-concern', 'new'), { concern: 'x' });
    expect(await countDrafts(tabs.db)).toBe(2);
    const backup = await exportEncrypted(
      tabs.db,
      'export passphrase',
      '2026-11-30T22:00:00.000Z',
      OWNER,
    );
    expect(JSON.stringify(backup)).not.toContain('seen alone');
    const opened = await openBackup(backup, 'export passphrase');
    expect(JSON.stringify(opened.tables.drafts)).toContain(COMMENT);
  }, 30_000);

  it('a key is read back into its inspection, form and id, and nothing else is taken for a draft', () => {
    // A journey stage's "Add a stage" id holds a colon of its own: `new:<case id>`.
    expect(parseDraftKey(draftKeyOf(INSPECTION, 'journey-stage', `new:${EVIDENCE}`))).toEqual({
      inspectionId: INSPECTION,
      form: 'journey-stage',
      id: `new:${EVIDENCE}`,
    });
    expect(parseDraftKey(key)).toEqual({
      inspectionId: INSPECTION,
      form: 'review-comment',
      id: EVIDENCE,
    });
    expect(parseDraftKey(`pullSince:${INSPECTION}`)).toBeNull();
    expect(parseDraftKey(`draft:${INSPECTION}`)).toBeNull(); // no form
    expect(parseDraftKey('draft::review-comment:x')).toBeNull(); // no inspection
  });
});
