// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { FieldbookDB } from '../../db';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';

// Screen tests write no tear-down of their own: importing tests/support/unit/fieldbook.tsx
// registers one. These tests run in order, the second looking at what the first left behind.
let left: FieldbookDB | undefined;
const databaseNames = async () => (await indexedDB.databases()).map((d) => d.name);

describe("the screen tests' shared tear-down", () => {
  it('a test may end with a screen mounted and its database open', async () => {
    const fb = await makeFieldbook();
    renderRoutes(fb, [{ path: '/', element: <h1>Left mounted</h1> }], '/');
    await screen.findByRole('heading', { name: 'Left mounted' });
    left = fb.db;
    expect(await databaseNames()).toContain(left.name);
  });

  it('the next test starts with that screen unmounted and that database closed and deleted', async () => {
    expect(left).toBeDefined();
    expect(screen.queryByRole('heading', { name: 'Left mounted' })).toBeNull();
    expect(left!.isOpen()).toBe(false);
    expect(await databaseNames()).not.toContain(left!.name);
  });

  it('a test may delete its database itself, before the shared tear-down runs', async () => {
    const fb = await makeFieldbook();
    await fb.cleanup();
    await fb.cleanup();
    expect(await databaseNames()).not.toContain(fb.db.name);
  });
});
