// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { FastLinks } from './fast-links';

afterEach(cleanup);

const setUp = () => {
  const router = createMemoryRouter(
    [
      {
        path: '/list',
        element: (
          <FastLinks>
            <a href="/cases/1">Case 1</a>
            <a href="https://example.org/elsewhere">Elsewhere</a>
          </FastLinks>
        ),
      },
      { path: '/cases/:id', element: <h1>Case page</h1> },
    ],
    { initialEntries: ['/list'] },
  );
  render(<RouterProvider router={router} />);
  return router;
};

describe('many in-app links, one click handler', () => {
  it('navigates in the app on a plain click, so the device stays unlocked', async () => {
    const router = setUp();
    const click = fireEvent.click(screen.getByText('Case 1'));
    expect(click).toBe(false); // the browser's own full page load was prevented
    expect(await screen.findByRole('heading', { name: 'Case page' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/cases/1');
  });

  it('leaves a modified click and a link out of the app to the browser', () => {
    const router = setUp();
    expect(fireEvent.click(screen.getByText('Case 1'), { ctrlKey: true })).toBe(true);
    expect(fireEvent.click(screen.getByText('Elsewhere'))).toBe(true);
    expect(router.state.location.pathname).toBe('/list');
  });
});
