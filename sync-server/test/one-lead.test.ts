import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../src/domain/admin';
import { UsageError } from '../src/admin/commands';
import { setMember } from '../src/admin/inspection-commands';
import {
  addPerson,
  makeWorld,
  notePgSkipped,
  op,
  storeKinds,
  type Person,
  type World,
} from './world';

/**
 * An inspection has one lead (DESIGN.md S8 speaks of "the lead", who alone reviews, drafts the
 * judgements and closes concerns). The coordinator hands the role over mid-inspection; neither the
 * CLI's `add-member --role lead` nor the team editor may leave two leads, or none, on either store.
 */
notePgSkipped('one lead');

const DRAFT = { entity: 'judgementDraft', fields: { judgementId: 'overall', state: 'draft' } };

describe.each(storeKinds())('one lead per inspection on %s', (kind) => {
  let w: World;
  let coordinator: Person;
  beforeAll(async () => {
    w = await makeWorld(kind);
    coordinator = await addPerson(w.store, `coord-${kind}`, w.clock, true);
  });
  afterAll(() => w.close());

  const leads = async () =>
    (await w.store.inspectionById(w.inspectionId))!.team
      .filter((m) => m.role === 'lead')
      .map((m) => m.userId);
  const draftBy = async (who: Person) =>
    (await w.push(who, [op(w.inspectionId, DRAFT)])).body.results[0];

  it('[S8] add-member --role lead hands the lead over: the lead before is an inspector, and says so', async () => {
    const said = await setMember(w.store, w.clock, {
      inspection: w.inspectionId,
      username: w.ann.username,
      role: 'lead',
    });
    expect(await leads()).toEqual([w.ann.id]);
    expect(said).toMatch(/who led it, is now an inspector \(an inspection has one lead\)$/);
    expect(said).toContain(`${w.ann.username} is now on the Leeds team as lead`);
    // What the roles allow follows at once: the new lead drafts, the one before is refused.
    expect((await draftBy(w.ann)).status).toBe('applied');
    expect(await draftBy(w.lead)).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const entry = (await w.store.auditEntries(5)).find((e) => e.kind === 'team-changed');
    expect(entry?.detail).toMatchObject({ role: 'lead', demoted: [w.lead.id] });
  });

  it('[S8] the lead is not made an inspector while nobody else leads; nothing changes', async () => {
    const refused = setMember(w.store, w.clock, {
      inspection: w.inspectionId,
      username: w.ann.username,
      role: 'inspector',
    });
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(/needs one: make another member the lead/);
    expect(await leads()).toEqual([w.ann.id]);
    // Making the lead the lead again, or an inspector an inspector, is no handover.
    expect(
      await setMember(w.store, w.clock, {
        inspection: w.inspectionId,
        username: w.ann.username,
        role: 'lead',
      }),
    ).not.toContain('who led it');
    expect(await leads()).toEqual([w.ann.id]);
  });

  it('[S8] the team editor refuses a team with two leads (400, a clear message) and changes nothing', async () => {
    const res = await w.http
      .put(ADMIN_ROUTES.inspectionTeam(w.inspectionId))
      .set('Authorization', `Bearer ${coordinator.token}`)
      .send({
        members: [
          { userId: w.ann.id, role: 'lead' },
          { userId: w.ben.id, role: 'lead' },
          { userId: w.lead.id, role: 'inspector' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'The team has one lead; 2 members are marked lead. Choose one',
    );
    expect(await leads()).toEqual([w.ann.id]);
  });

  it('[S8] two handovers at once still leave one lead', async () => {
    await Promise.all(
      [w.ben, w.lead].map((who) =>
        setMember(w.store, w.clock, {
          inspection: w.inspectionId,
          username: who.username,
          role: 'lead',
        }),
      ),
    );
    const now = await leads();
    expect(now).toHaveLength(1);
    expect([w.ben.id, w.lead.id]).toContain(now[0]);
  });
});
