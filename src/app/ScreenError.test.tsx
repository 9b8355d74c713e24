// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router';
import { ScreenError } from './ScreenError';

/** The app's shape: a layout around the screens, the error boundary between them. */
const appWith = (Screen: () => never) =>
  createMemoryRouter(
    [
      {
        path: '/',
        element: (
          <div data-testid="layout">
            <Outlet />
          </div>
        ),
        children: [{ errorElement: <ScreenError />, children: [{ path: 'x', Component: Screen }] }],
      },
    ],
    { initialEntries: ['/x'] },
  );

describe('ScreenError', () => {
  afterEach(cleanup);

  it('a screen that fails while drawing: says so inside the layout, without the missing-code advice', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // React reports the throw
    render(
      <RouterProvider
        router={appWith(() => {
          throw new TypeError("Cannot read properties of undefined (reading 'fields')");
        })}
      />,
    );
    expect(await screen.findByRole('heading', { name: 'This screen could not open' })).toBeTruthy();
    expect(screen.getByTestId('layout').textContent).toMatch(/Something went wrong/);
    expect(screen.queryByText(/could not load this screen/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Reload Fieldbook' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your inspections' }).getAttribute('href')).toBe(
      '/',
    );
    vi.restoreAllMocks();
  });
});
