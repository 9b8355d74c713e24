// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { ConcernPage } from './ConcernPage';

const routes: RouteObject[] = [
  { path: '/i/:inspectionId/safeguarding/:concernId', element: <ConcernPage /> },
];

const openConcern = async (contacts?: Record<string, string>) => {
  const fb = await makeFieldbook();
  if (contacts) await fb.db.inspections.update(fb.inspection.id, { contacts });
  const concernId = await fb.repo.create('safeguardingConcern', fb.inspection.id, {
    raisedAt: '2026-11-26T09:00:00.000Z',
    concern: 'Child left alone overnight.',
    status: 'open',
  });
  renderRoutes(fb, routes, `/i/${fb.inspection.id}/safeguarding/${concernId}`);
  return { fb, concernId, banner: await screen.findByTestId('phone-now') };
};

describe('the safeguarding numbers on the concern screen (issue 9)', () => {
  it('shows each recorded number as a tap-to-call link beside "Phone the referral now"', async () => {
    const { banner } = await openConcern({
      frontDoor: '0300 123 4567',
      outOfHours: '+44 (0)1632 960 001',
      lado: '01632 960 002 ext 12',
    });
    expect(banner.textContent).toContain('Phone the referral through now');
    const links = within(within(banner).getByRole('list', { name: 'Numbers to phone' }))
      .getAllByRole('link')
      .map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Children’s services front door 0300 123 4567', 'tel:03001234567'],
      ['Out-of-hours emergency duty team +44 (0)1632 960 001', 'tel:+4401632960001'],
      ['Local authority designated officer (LADO) 01632 960 002 ext 12', 'tel:01632960002,12'],
    ]);
  });

  it('says whom to ask when no number is recorded yet', async () => {
    const { banner } = await openConcern();
    expect(within(banner).queryAllByRole('link')).toHaveLength(0);
    expect(banner.textContent).toContain('No safeguarding numbers are recorded');
  });

  it('records the referral’s reference and the role of the person who took it', async () => {
    const { fb, concernId } = await openConcern({ frontDoor: '0300 123 4567' });
    const user = userEvent.setup();
    const referral = screen.getByRole('region', { name: '1. Refer it' });
    await user.click(await within(referral).findByLabelText("Children's social care"));
    await user.type(within(referral).getByLabelText('Referral reference (optional)'), 'MASH-417');
    await user.type(
      within(referral).getByLabelText('Who took the referral (optional)'),
      'Duty social worker',
    );
    await user.click(within(referral).getByRole('button', { name: 'Record the referral' }));
    await waitFor(async () =>
      expect((await fb.db.safeguardingConcerns.get(concernId))!.fields).toMatchObject({
        status: 'referred',
        referredTo: 'childrens-social-care',
        referralReference: 'MASH-417',
        referralTakenBy: 'Duty social worker',
      }),
    );
    expect(referral.textContent).toContain('taken by the Duty social worker. Reference MASH-417');
  });
});
