import { frameworkById, isoAt, newId, type Clock, type Inspection } from '../domain';
import type { FieldbookDB } from './database';
import { guardWrite } from './errors';
import type { DeviceUser, LocalInspection } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export type LocalInspectionInput = {
  frameworkId: string;
  area: string;
  startsOn: string;
  endsOn?: string;
};

/**
 * Until an inspection comes from the server, an inspector can set one up on the device and start
 * recording at once; this device's user is its lead.
 */
export const setUpLocalInspection = async (
  db: FieldbookDB,
  clock: Clock,
  user: DeviceUser,
  input: LocalInspectionInput,
): Promise<LocalInspection> => {
  const framework = frameworkById(input.frameworkId);
  if (!framework) throw new Error(`Unknown framework ${input.frameworkId}`);
  const area = input.area.trim();
  if (!area) throw new Error('Enter the local authority area');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.startsOn))
    throw new Error('Enter the start date as a real date');
  const start = Date.parse(`${input.startsOn}T00:00:00Z`);
  if (Number.isNaN(start)) throw new Error('Enter the start date as a real date');
  const endsOn =
    input.endsOn ??
    new Date(start + (framework.fieldworkWeeks * 7 - 1) * DAY_MS).toISOString().slice(0, 10);
  const inspection: LocalInspection = {
    id: newId(clock),
    frameworkId: framework.id,
    area,
    startsOn: input.startsOn,
    endsOn,
    status: 'fieldwork',
    team: [
      {
        userId: user.id,
        name: user.name || 'Me',
        inspectorate: user.inspectorate || 'ofsted',
        role: 'lead',
      },
    ],
    framework,
    source: 'local',
  };
  await guardWrite(() => db.inspections.add(inspection));
  return inspection;
};

/** Stores inspections the server says this user is on (replacing local copies of the same id). */
export const saveServerInspections = async (
  db: FieldbookDB,
  inspections: (Inspection & { framework: LocalInspection['framework'] })[],
): Promise<void> => {
  await guardWrite(() =>
    db.inspections.bulkPut(
      inspections.map((inspection) => ({ ...inspection, source: 'server' as const })),
    ),
  );
};

export const todayIso = (clock: Clock): string => isoAt(clock).slice(0, 10);
