import { frameworkById, type MeResponse } from '../domain';

/** For the sync tests: the inspection the user is on, and the user. */
export const INSPECTION = '0190a000-0000-7000-8000-000000000001';
export const USER = '0190a000-0000-7000-8000-0000000000a1';

/** What `GET /api/me` answers: Ann is on INSPECTION, and the coordinator's idle lock is 5 minutes. */
export const me: MeResponse = {
  user: { id: USER, username: 'ann', name: 'Ann', inspectorate: 'ofsted', admin: false },
  settings: { idleLockMinutes: 5 },
  inspections: [
    {
      id: INSPECTION,
      frameworkId: 'cp-joint-2012',
      area: 'Northshire',
      startsOn: '2026-11-23',
      endsOn: '2026-12-04',
      status: 'fieldwork',
      team: [],
      framework: frameworkById('cp-joint-2012')!,
    },
  ],
};

type Listed = MeResponse['inspections'][number];
/** An inspection as `GET /api/me` lists it, in fieldwork unless said. */
export const listed = (
  id: string,
  area: string,
  status: Listed['status'] = 'fieldwork',
): Listed => ({
  id,
  frameworkId: 'cp-joint-2012',
  area,
  startsOn: '2026-11-23',
  endsOn: '2026-12-04',
  status,
  team: [],
  framework: frameworkById('cp-joint-2012')!,
});
