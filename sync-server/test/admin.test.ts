import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { LoginResponseSchema, MeResponseSchema } from '../../src/domain/protocol';
import { createApp } from '../src/app';
import { openSqliteStore } from '../src/store/open';
import { tsxArgs } from '../../tests/support/paths';

/** DESIGN.md §4.2: the coordinator CLI driven from a script, as a coordinator would. */
const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const ADMIN = path.join(REPO_ROOT, 'sync-server', 'src', 'admin', 'cli.ts');
const PASSWORD = 'a-long-enough-password';

describe('admin CLI', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-admin-'));
  const env = { ...process.env, DATA_DIR: dataDir, FIELDBOOK_PASSWORD: PASSWORD, DATABASE_URL: '' };
  const admin = (...args: string[]) =>
    run(process.execPath, tsxArgs(ADMIN, ...args), { cwd: REPO_ROOT, env });
  const fails = async (...args: string[]) => {
    const error = await admin(...args).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error?.code).not.toBe(0);
    return error?.stderr ?? '';
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds users and an inspection from a script; the id is alone on the last line; sign-in works', async () => {
    await admin('add-user', 'lead', '--name', 'Lee Lead', '--inspectorate', 'ofsted', '--admin');
    await admin('add-user', 'ann', '--name', 'Ann Inspector', '--inspectorate', 'HMI Prisons');
    const { stdout } = await admin(
      'add-inspection',
      '--framework',
      'cp-joint-2012',
      '--area',
      'Leeds City Council',
      '--starts',
      '2026-03-02',
      '--lead',
      'lead',
      '--members',
      'ann',
    );
    const inspectionId = stdout.trim().split('\n').at(-1) ?? '';
    expect(inspectionId).toMatch(/^[0-9a-f-]{36}$/);

    const store = await openSqliteStore(dataDir, { clock: { now: () => Date.now() } });
    try {
      const http = supertest(createApp({ store, clock: { now: () => Date.now() } }));
      const login = await http
        .post('/api/auth/login')
        .send({ username: 'ann', password: PASSWORD });
      expect(login.status).toBe(200);
      const { token } = LoginResponseSchema.parse(login.body);
      const me = MeResponseSchema.parse(
        (await http.get('/api/me').set('Authorization', `Bearer ${token}`)).body,
      );
      expect(me.inspections.map((i) => [i.id, i.area, i.endsOn])).toEqual([
        [inspectionId, 'Leeds City Council', '2026-03-15'],
      ]);
      expect(me.inspections[0]?.team.find((m) => m.role === 'lead')?.name).toBe('Lee Lead');
      await admin('set-status', '--inspection', inspectionId, '--status', 'fieldwork');
      await admin('add-member', '--inspection', inspectionId, '--user', 'ann', '--role', 'lead');
      const changed = MeResponseSchema.parse(
        (await http.get('/api/me').set('Authorization', `Bearer ${token}`)).body,
      );
      expect(changed.inspections[0]?.status).toBe('fieldwork');
      expect(changed.inspections[0]?.team.find((m) => m.name === 'Ann Inspector')?.role).toBe(
        'lead',
      );
      await admin('set-idle-lock', '3');
      const policy = MeResponseSchema.parse(
        (await http.get('/api/me').set('Authorization', `Bearer ${token}`)).body,
      );
      expect(policy.settings).toEqual({ idleLockMinutes: 3 });
      // A lost tablet: the coordinator ends ann's sessions while the server runs.
      await admin('revoke-sessions', 'ann');
      expect((await http.get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    } finally {
      await store.close();
    }
  }, 120_000); // five cold CLI starts on a shared two-core machine

  it('[§4.3] retention, legal hold and purge from a script, and revocation modes; purge and revoke-device ask first (--yes in scripts)', async () => {
    const store = await openSqliteStore(dataDir, { clock: { now: () => Date.now() } });
    try {
      const [inspection] = await store.listInspections();
      const id = inspection?.id ?? '';
      const said = async (...args: string[]) => (await admin(...args)).stdout;
      expect(await said('set-retention', '--inspection', id, '--until', '2026-04-01')).toContain(
        'Retention date: 2026-04-01',
      );
      expect(await fails('set-retention', '--inspection', id, '--until', 'April')).toContain(
        'date like',
      );
      expect(await fails('legal-hold', '--inspection', id)).toContain('--reason is required');
      await admin('legal-hold', '--inspection', id, '--reason', 'Court order 7');
      expect((await store.inspectionById(id))?.retention.legalHold?.reason).toBe('Court order 7');
      await admin('set-status', '--inspection', id, '--status', 'reported');
      // Past its date (1 April) but held: nothing is due.
      expect(await said('purge')).toContain('Nothing is past its retention date');
      await admin('lift-legal-hold', '--inspection', id, '--reason', 'Order discharged');
      // No terminal to ask on, and no --yes: refused, nothing purged.
      expect(await fails('purge')).toContain('Add --yes');
      expect((await store.inspectionById(id))?.retention.purgedAt).toBeNull();
      expect(await said('purge', '--yes')).toContain(`Purged ${id}`);
      expect((await store.inspectionById(id))?.retention.purgedAt).not.toBeNull();

      expect(await fails('revoke-device', 'ann', '--yes')).toContain('--mode is required');
      expect(await fails('revoke-device', 'ann', '--mode', 'retired')).toContain('Add --yes');
      expect(await said('revoke-device', 'ann', '--mode', 'retired', '--yes')).toContain(
        'as retired',
      );
    } finally {
      await store.close();
    }
  }, 180_000); // a dozen cold CLI starts on a shared two-core machine

  it('exits non-zero with a clear message on bad arguments', async () => {
    expect(
      await fails(
        'add-inspection',
        '--framework',
        'ofsted-2099',
        '--area',
        'X',
        '--starts',
        '2026-03-02',
        '--lead',
        'lead',
      ),
    ).toContain('Unknown framework');
    expect(
      await fails(
        'add-inspection',
        '--framework',
        'lac-2012',
        '--area',
        'X',
        '--starts',
        '2026-02-30',
        '--lead',
        'lead',
      ),
    ).toContain('--starts must be a date');
    expect(
      await fails(
        'add-inspection',
        '--framework',
        'lac-2012',
        '--area',
        'X',
        '--starts',
        '2026-03-02',
        '--lead',
        'nobody',
      ),
    ).toContain('Unknown user');
    expect(await fails('add-user', 'ann', '--name', 'Again', '--inspectorate', 'cqc')).toContain(
      'already exists',
    );
    expect(await fails('set-idle-lock', 'soon')).toContain('whole number of minutes');
    expect(await fails('frobnicate')).toContain('Unknown command');
  }, 120_000);
});
