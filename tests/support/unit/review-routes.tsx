import type { RouteObject } from 'react-router';
import type { DeviceUser } from '../../../src/db';
import { InspectionHomePage } from '../../../src/features/inspections/InspectionHomePage';
import { ConcernPage } from '../../../src/features/safeguarding/ConcernPage';
import { makeFieldbook } from './fieldbook';
import { ReviewPage } from '../../../src/features/review/ReviewPage';
import { TodayPage } from '../../../src/features/review/TodayPage';

/** The screens the lead and the author move between, as the app mounts them. */
export const REVIEW_ROUTES: RouteObject[] = [
  { path: '/i/:inspectionId', element: <InspectionHomePage /> },
  { path: '/i/:inspectionId/today', element: <TodayPage /> },
  { path: '/i/:inspectionId/today/:evidenceId', element: <ReviewPage /> },
  { path: '/i/:inspectionId/evidence/:evidenceId', element: <h1>Evidence</h1> },
  { path: '/i/:inspectionId/safeguarding/:concernId', element: <ConcernPage /> },
];

export const INSPECTOR: DeviceUser = {
  id: '00000000-0000-7000-8000-0000000000b0',
  name: 'Bob Inspector',
  inspectorate: 'cqc',
};

/**
 * A device database whose inspection has a lead (the device user it started with, "Ann Lead")
 * and an inspector; `as(user)` switches who is using the device, as a sign-in would.
 */
export const makeTeam = async () => {
  const fb = await makeFieldbook();
  const lead: DeviceUser = { ...(await fb.repo.deviceUser()), name: 'Ann Lead' };
  await fb.repo.setDeviceUser(lead);
  await fb.db.inspections.put({
    ...fb.inspection,
    team: [
      { userId: lead.id, name: lead.name, inspectorate: 'ofsted', role: 'lead' },
      { userId: INSPECTOR.id, name: INSPECTOR.name, inspectorate: 'cqc', role: 'inspector' },
    ],
  });
  return { ...fb, lead, as: (user: DeviceUser) => fb.repo.setDeviceUser(user) };
};
