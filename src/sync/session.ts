import type { FieldbookDB, DeviceKey, Repository } from '../db';
// Modules, not the barrel: sign-in is on the welcome screen, the rest of src/db is not.
import { saveServerInspections } from '../db/inspections';
import { deleteMeta, getClientId, getMeta, META_KEYS, metaKeyOf, setMeta } from '../db/meta';
import type { Clock, User } from '../domain';
import { askHeadStart, sealHeadStart, type HeadStart } from './head-start';
import type { Transport } from './transport';

export type Session = { token: string; user: User };

/**
 * Starts setting up the device's key as the password is sent (its slow derivation overlaps the
 * server's check), and returns what unlocks the data key with what the server released; nothing
 * sealed can be written before.
 */
export type BeginUnlock = (password: string) => (device: DeviceKey | undefined) => Promise<void>;

const SESSION_KEY = META_KEYS.session;

export const getSession = (db: FieldbookDB): Promise<Session | undefined> =>
  getMeta<Session>(db, SESSION_KEY);

/**
 * Online once: the server checks the password, and this device keeps the session (a bearer token
 * that outlives the fortnight) and the inspections the user is on, so the app then works offline.
 */
export const signIn = async (
  db: FieldbookDB,
  repo: Repository,
  transport: Transport,
  clock: Clock,
  credentials: { username: string; password: string },
  beginUnlock: BeginUnlock,
  /** Told of page one, asked as soon as the token comes (head-start.ts), before the session is kept. */
  onHeadStart?: (head: HeadStart) => void,
): Promise<Session> => {
  const afterLogin = beginUnlock(credentials.password);
  const deviceId = await getClientId(db, clock);
  const { token, user, device } = await transport.login(
    credentials.username,
    credentials.password,
    deviceId,
  );
  // The user's inspections, and on a device that has never pulled for this user page one of the
  // first sync, are asked for while the key is set up: none waits on another.
  const asked = transport.me(token);
  asked.catch(() => undefined); // if the key set-up fails first, that error is the one reported
  const checkpoint = metaKeyOf('pullSince', user.id);
  const head = onHeadStart
    ? getMeta(db, checkpoint).then(
        (since) => (since === undefined ? askHeadStart(transport, token) : null),
        () => null, // no head start: the engine asks for page one itself
      )
    : null;
  await afterLogin(device);
  const me = await asked;
  // The key is in: the page is sealed as it arrives, and the first run may start from this
  // answer (head-start.ts). Told before the session is kept, which is what starts the engine.
  const started = await head;
  if (started)
    onHeadStart?.(sealHeadStart({ ...started, scope: { me, at: clock.now() } }, db, checkpoint));
  const session = { token, user };
  // One transaction: the user, their inspections, the device policy and the session land together
  // or not at all (the session is what starts the sync), and a new tablet's first sync waits on
  // one commit rather than four in turn.
  await db.transaction('rw', [db.meta, db.inspections], () =>
    Promise.all([
      repo.setDeviceUser({ id: user.id, name: user.name, inspectorate: user.inspectorate }),
      saveServerInspections(db, me.inspections),
      me.settings ? setMeta(db, META_KEYS.deviceSettings, me.settings) : undefined,
      setMeta(db, SESSION_KEY, session),
    ]),
  );
  return session;
};

/** Ends the session. The caller has already warned about unsent work; nothing is deleted here. */
export const signOut = async (db: FieldbookDB, transport: Transport): Promise<void> => {
  const session = await getSession(db);
  if (session) await transport.logout(session.token);
  await deleteMeta(db, SESSION_KEY);
};
