// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { exportEncrypted } from '../../db';
import { SettingsPage } from './SettingsPage';

const WORDS = 'Notes written on the tablet that failed';
const COPY_PASSWORD = 'the copy password';

/** Tablet A: a note in its inspection, then the copy as sign-out makes it, as a chosen file. */
const copyFromTabletA = async (owner?: string) => {
  const a = await makeFieldbook();
  const user = await a.repo.deviceUser();
  await a.repo.create('evidence', a.inspection.id, {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    text: WORDS,
  });
  await a.repo.idle();
  const backup = await exportEncrypted(a.db, COPY_PASSWORD, '2026-11-26T18:00:00.000Z', {
    userId: owner ?? user.id,
    origin: window.location.origin,
  });
  const file = new File([JSON.stringify(backup)], 'fieldbook-2026-11-26.fieldbook.json', {
    type: 'application/json',
  });
  return { a, user, file };
};

/** Tablet B: the same user signed in, the inspection on it, Settings open. */
const tabletB = async (from: Awaited<ReturnType<typeof copyFromTabletA>>) => {
  const b = await makeFieldbook();
  await b.repo.setDeviceUser(from.user);
  await b.db.inspections.put(from.a.inspection);
  renderRoutes(b, [{ path: '/settings', element: <SettingsPage /> }], '/settings');
  return b;
};

const open = async (file: File, password: string) => {
  const user = userEvent.setup();
  await user.upload(
    await screen.findByLabelText('Encrypted copy (a file ending .fieldbook.json)'),
    file,
  );
  await user.type(screen.getByLabelText("The copy's password"), password);
  await user.click(screen.getByRole('button', { name: 'Open the copy' }));
  return user;
};

describe('Settings → Restore unsent work', () => {
  it('shows what the copy holds before writing anything, then restores it', async () => {
    const from = await copyFromTabletA();
    const b = await tabletB(from);
    const user = await open(from.file, COPY_PASSWORD);
    const holds = await screen.findByRole('list', { name: 'What the copy holds' });
    expect(holds.textContent).toContain('1 unsent change in Northshire');
    expect(holds.textContent).toContain('0 drafts');
    expect(await b.db.outbox.count()).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Restore these changes' }));
    expect(await screen.findByText(/^Restored 1 change and 0 drafts\./)).toBeTruthy();
    const [op] = await b.db.outbox.toArray();
    expect(op?.fields.text).toBe(WORDS);
    expect(op?.state).toBe('pending');
  }, 30_000);

  it('says the password is wrong and writes nothing', async () => {
    const from = await copyFromTabletA();
    const b = await tabletB(from);
    await open(from.file, 'not the password');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'That password does not open this copy',
    );
    expect(screen.queryByRole('button', { name: 'Restore these changes' })).toBeNull();
    expect(await b.db.outbox.count()).toBe(0);
  }, 30_000);

  it("refuses another person's copy and writes nothing", async () => {
    const from = await copyFromTabletA('0190a000-0000-7000-8000-0000000000bb');
    const b = await tabletB(from);
    await open(from.file, COPY_PASSWORD);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This copy belongs to another person',
    );
    expect(await b.db.outbox.count()).toBe(0);
  }, 30_000);
});
