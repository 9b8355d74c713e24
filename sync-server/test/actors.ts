import { randomUUID } from 'node:crypto';
import type { Store } from '../src/store/types';
import { hashToken, newToken } from '../src/auth/sessions';
import { PASSWORD, addPerson, evidenceFields, makeWorld, op, type StoreKind } from './world';

/**
 * Issue 5's cast for the authorization matrix and the bad-input run: one inspection with its
 * lead and inspector, an inspector of another inspection, a coordinator on no team, and team
 * members whose device was revoked or whose session has ended. Each holds a row with a phrase
 * that must never reach anyone outside its inspection.
 */
export const ACTORS = [
  'anonymous',
  'forged',
  'outsider',
  'inspector',
  'lead',
  'coordinator',
  'revokedDevice',
  'endedSession',
] as const;
export type ActorName = (typeof ACTORS)[number];

export const makeCast = async (kind: StoreKind = 'sqlite') => {
  const w = await makeWorld(kind);
  const { store, clock } = w;
  const suffix = randomUUID().slice(0, 8);
  const outsider = await addPerson(store, `oscar-${suffix}`, clock);
  await store.setTeamMember({
    inspectionId: w.otherInspectionId,
    userId: outsider.id,
    role: 'inspector',
  });
  const coordinator = await addPerson(store, `coord-${suffix}`, clock, true);
  const rita = await addPerson(store, `rita-${suffix}`, clock);
  const eddie = await addPerson(store, `eddie-${suffix}`, clock);
  for (const p of [rita, eddie])
    await store.setTeamMember({ inspectionId: w.inspectionId, userId: p.id, role: 'inspector' });
  const lostDevice = randomUUID();
  const at = () => new Date(clock.now()).toISOString();
  await store.deviceKey(rita.id, lostDevice, 'a-key', at());
  await store.revokeDevices(rita.id, lostDevice, at(), 'lost');

  // Acted on by the coordinator's cells: never one of the actors.
  const target = await addPerson(store, `tara-${suffix}`, clock);
  const targetDevice = randomUUID();
  await store.deviceKey(target.id, targetDevice, 'another-key', at());
  const spareInspectionId = randomUUID();
  await store.insertInspection(
    {
      id: spareInspectionId,
      frameworkId: 'cp-joint-2012',
      area: 'Spare',
      startsOn: '2026-05-04',
      endsOn: '2026-05-15',
      status: 'planned',
    },
    [{ inspectionId: spareInspectionId, userId: target.id, role: 'lead' }],
  );

  const phrase = `ZEBRA-THIS-${suffix}`;
  const otherPhrase = `OKAPI-OTHER-${suffix}`;
  const evidenceId = randomUUID();
  const otherEvidenceId = randomUUID();
  const seeded = [
    await w.push(w.ann, [
      op(w.inspectionId, {
        entity: 'evidence',
        entityId: evidenceId,
        fields: evidenceFields({ text: phrase }),
      }),
    ]),
    await w.push(w.outsider, [
      op(w.otherInspectionId, {
        entity: 'evidence',
        entityId: otherEvidenceId,
        fields: evidenceFields({ text: otherPhrase }),
      }),
    ]),
  ];
  for (const res of seeded) {
    if (res.body.results?.[0]?.status !== 'applied') throw new Error('seeding failed');
  }

  const session = async (userId: string, deviceId: string | null = null) => {
    const token = newToken();
    await store.insertSession({
      tokenHash: hashToken(token),
      userId,
      createdAt: at(),
      expiresAt: new Date(clock.now() + 30 * 86_400_000).toISOString(),
      deviceId,
    });
    return token;
  };

  const people = {
    outsider,
    inspector: w.ann,
    lead: w.lead,
    coordinator,
    revokedDevice: rita,
    endedSession: eddie,
  };

  /** A fresh token for one actor (a fresh one each time, so a sign-out in one cell spoils no other). */
  const tokenOf = async (actor: ActorName): Promise<string | undefined> => {
    switch (actor) {
      case 'anonymous':
        return undefined;
      case 'forged':
        return newToken(); // well formed, never issued
      case 'revokedDevice':
        return session(rita.id, lostDevice);
      case 'endedSession': {
        const token = await session(eddie.id);
        await store.revokeSession(hashToken(token), at());
        return token;
      }
      default:
        return session(people[actor].id);
    }
  };

  /** Phrases an actor may never receive: those of every inspection they are not on. */
  const forbiddenPhrases = (actor: ActorName): string[] =>
    actor === 'outsider'
      ? [phrase]
      : actor === 'inspector' || actor === 'lead'
        ? [otherPhrase]
        : [phrase, otherPhrase];

  return {
    ...w,
    people,
    lostDevice,
    target,
    targetDevice,
    spareInspectionId,
    phrase,
    otherPhrase,
    evidenceId,
    otherEvidenceId,
    tokenOf,
    forbiddenPhrases,
    password: PASSWORD,
  };
};
export type Cast = Awaited<ReturnType<typeof makeCast>>;

/** What only a valid write could change: compared before and after to prove nothing did. */
export const dataDump = async (store: Store) => {
  const users = await store.listUsers();
  const inspections = await store.listInspections();
  return {
    seq: await store.currentSeq(),
    rows: await store.rowsSince(
      inspections.map((i) => i.id),
      0,
      100_000,
    ),
    users: await Promise.all(
      users.map(async (u) => ({
        ...u,
        devices: (await store.listDevices(u.id)).map((d) => ({ ...d, lastSeenAt: null })),
      })),
    ),
    inspections,
    idleLock: await store.setting('idleLockMinutes'),
  };
};
