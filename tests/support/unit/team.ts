import type { DeviceUser } from '../../../src/db';
import { makeFieldbook } from './fieldbook';

/** A team for the screens where who is using the device matters (review, meetings, judgements). */
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
