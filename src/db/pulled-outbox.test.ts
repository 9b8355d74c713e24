import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain';
import * as cipher from './cipher';
import { draftNote, encryptedTabs, pulledNote, serverId } from './fixtures';
import { preparePulledPage, takeBatch, writePulledPage } from './outbox';
import { createRepository } from './repository';

/**
 * A pulled page is rebased onto the unsent ops of its own rows (S6a), read in its transaction.
 * Only those ops are opened: a device with a long outbox of other work would otherwise decrypt
 * all of it for every page it pulls.
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const tabs = encryptedTabs('pulled-outbox');
beforeEach(tabs.start);
afterEach(async () => {
  vi.restoreAllMocks();
  await tabs.end();
});

describe('a pulled page and the unsent outbox', () => {
  it('[S6] opens only the unsent ops of its own rows, and still rebases them in order', async () => {
    const repo = createRepository({
      db: tabs.db,
      clock: fixedClock(Date.UTC(2026, 10, 28, 9), 1000),
    });
    for (let i = 0; i < 30; i++)
      await repo.create('evidence', INSPECTION, { ...draftNote, text: `other work ${i}` });
    const mine = await repo.create('evidence', INSPECTION, { ...draftNote, text: 'first words' });
    await takeBatch(tabs.db, 500, 1e6); // sent, answer lost: the next edit is an op of its own
    await repo.update('evidence', mine, { text: 'my unsent words' });

    const mineOps = (await tabs.db.outbox.where('entityId').equals(mine).toArray()).map(
      (op) => `outbox:${op.opId}`,
    );
    // Another tab (a key object of its own) knows no plaintext: every op it reads is decrypted.
    const other = await tabs.otherTab();
    expect(mineOps).toHaveLength(2);
    const opened: string[] = [];
    const realOpen = cipher.openText;
    vi.spyOn(cipher, 'openText').mockImplementation((key, sealed, context) => {
      if (context.startsWith('outbox:')) opened.push(context);
      return realOpen(key, sealed, context);
    });
    const page = await preparePulledPage(
      other,
      [
        pulledNote(serverId(1), INSPECTION, 'someone else’s note', 40),
        { ...pulledNote(mine, INSPECTION, 'the server’s words', 41), author: 'me' },
        pulledNote(serverId(2), INSPECTION, 'another note', 42),
      ],
      { key: 'checkpoint', value: 42 },
    );
    await writePulledPage(other, page);

    expect(opened.sort()).toEqual(mineOps.sort());
    expect((await other.evidence.get(mine))?.fields.text).toBe('my unsent words');
    expect((await other.evidence.get(serverId(1)))?.fields.text).toBe('someone else’s note');
    expect((await other.meta.get('checkpoint'))?.value).toBe(42);
  });
});
