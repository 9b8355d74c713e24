// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { CasePage } from '../cases/CasePage';
import { FieldbookContext } from './fieldbook-context';
import { LeasedEditor } from './LeasedEditor';

/**
 * Web Locks as one browser has them, for the tabs a test renders side by side: one holder per
 * name, the others queued in order, `ifAvailable` answered at once, a queued request abortable.
 */
const installLocks = () => {
  const held = new Set<string>();
  const queues = new Map<string, (() => void)[]>();
  const grant = <T,>(name: string, callback: (lock: Lock | null) => T | Promise<T>) => {
    held.add(name);
    return (async () => {
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
        queues.get(name)?.shift()?.();
      }
    })();
  };
  const request = <T,>(
    name: string,
    options: LockOptions,
    callback: (lock: Lock | null) => T | Promise<T>,
  ): Promise<T> => {
    if (!held.has(name)) return grant(name, callback);
    if (options.ifAvailable) return Promise.resolve(callback(null));
    return new Promise<T>((resolve, reject) => {
      const queue = queues.get(name) ?? [];
      queues.set(name, queue);
      const turn = () => grant(name, callback).then(resolve, reject);
      queue.push(turn);
      options.signal?.addEventListener('abort', () => {
        const at = queue.indexOf(turn);
        if (at >= 0) queue.splice(at, 1);
        reject(new DOMException('Aborted', 'AbortError'));
      });
    });
  };
  Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
  return () => Reflect.deleteProperty(navigator, 'locks');
};

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

describe('a record open in two tabs (issue 11 point 7)', () => {
  it('a child case is editable in one tab, read-only saying so in the other, and taking over keeps what both typed', async () => {
    uninstall = installLocks();
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    const routes: RouteObject[] = [
      { path: '/i/:inspectionId/cases/:caseId', element: <CasePage /> },
    ];
    const user = userEvent.setup();
    const path = `/i/${id}/cases/${caseId}`;
    const a = within(renderRoutes(fb, routes, path).container);
    const initialsA = await a.findByLabelText('Initials (optional)');
    const b = within(renderRoutes(fb, routes, path).container);
    await b.findByText('This case is open in another tab');
    expect(b.queryByLabelText('Initials (optional)')).toBeNull();
    expect(b.getByText('100234', { selector: 'dd' })).toBeTruthy();

    // A types and B takes over at once: A writes first, and B's editor starts from that.
    await user.type(initialsA, 'JS');
    await user.click(b.getByRole('button', { name: 'Edit here instead' }));
    await a.findByText('This case is open in another tab');
    const initialsB = await b.findByLabelText('Initials (optional)');
    expect((initialsB as HTMLInputElement).value).toBe('JS');
    expect(a.queryByLabelText('Initials (optional)')).toBeNull();

    await user.type(initialsB, 'K');
    await user.click(a.getByRole('button', { name: 'Edit here instead' }));
    await b.findByText('This case is open in another tab');
    const again = await a.findByLabelText('Initials (optional)');
    expect((again as HTMLInputElement).value).toBe('JSK');
    expect((await fb.db.childCases.get(caseId))?.fields.initials).toBe('JSK');
  });

  it('closing the editing tab hands the case on with the words typed just before', async () => {
    uninstall = installLocks();
    const fb = await makeFieldbook();
    const id = fb.inspection.id;
    const caseId = await fb.repo.create('childCase', id, {
      caseRef: '100234',
      selection: 'tracked',
    });
    const routes: RouteObject[] = [
      { path: '/i/:inspectionId/cases/:caseId', element: <CasePage /> },
    ];
    const user = userEvent.setup();
    const path = `/i/${id}/cases/${caseId}`;
    const tabA = renderRoutes(fb, routes, path);
    const initialsA = await within(tabA.container).findByLabelText('Initials (optional)');
    const b = within(renderRoutes(fb, routes, path).container);
    await b.findByText('This case is open in another tab');

    // Typed, and the tab closed before the autosave's pause: B gets the case with those words.
    await user.type(initialsA, 'MB');
    tabA.unmount();
    const initialsB = await b.findByLabelText('Initials (optional)');
    expect((initialsB as HTMLInputElement).value).toBe('MB');
    expect(b.queryByText('This case is open in another tab')).toBeNull();
  });

  it('the editor starts from what is read from storage, not a live result a step behind, and follows the live one once it has caught up', async () => {
    // No Web Locks here: the one tab holds the record from the start.
    const fb = await makeFieldbook();
    const seen: string[] = [];
    const view = (live: string) => (
      <FieldbookContext.Provider value={fb}>
        <LeasedEditor
          leaseKey="note:1"
          what="note"
          live={live}
          read={() => Promise.resolve('flushed by the other tab')}
          readOnly={() => null}
        >
          {({ stored, key }) => {
            seen.push(stored);
            return <p key={key}>{stored}</p>;
          }}
        </LeasedEditor>
      </FieldbookContext.Provider>
    );
    const { rerender, findByText, getByText } = render(view('before the other tab flushed'));
    await findByText('flushed by the other tab');
    // The live query answers late with an older result, twice: the editor keeps what was read.
    rerender(view('before the other tab flushed'));
    rerender(view('even older'));
    expect(getByText('flushed by the other tab')).toBeTruthy();
    // Caught up, then moved on (a pull): from now on the live result is the stored one.
    rerender(view('flushed by the other tab'));
    rerender(view('a later change from a pull'));
    await waitFor(() => expect(getByText('a later change from a pull')).toBeTruthy());
    expect(seen).not.toContain('before the other tab flushed');
    expect(seen).not.toContain('even older');
  });
});
