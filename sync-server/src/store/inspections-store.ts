import { retentionOf } from '../../../src/domain/retention';
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  SafeguardingContactsSchema,
  type SafeguardingContacts,
} from '../../../src/domain/contacts';
import type { Connections } from './accounts-store';
import { TEAM_EPOCH_COUNTER, type Database } from './schema';
import type {
  InspectionRecord,
  InspectionWithTeam,
  Store,
  TeamMemberChange,
  TeamMemberView,
} from './types';

type InspectionsStore = Pick<
  Store,
  | 'insertInspection'
  | 'inspectionsFor'
  | 'inspectionIdsFor'
  | 'listInspections'
  | 'setTeamMember'
  | 'setInspectionStatus'
  | 'setInspectionContacts'
  | 'setTeam'
  | 'inspectionById'
>;

/** The stored JSON as written by setInspectionContacts; anything unreadable reads as none recorded. */
const contactsOf = (json: string | undefined): SafeguardingContacts => {
  try {
    const parsed = SafeguardingContactsSchema.safeParse(JSON.parse(json ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
};

/**
 * The next team epoch (S6a): a member added now is marked with it, so any pull cursor made before
 * sends them the inspection from its first row. Taken inside the transaction that adds them.
 */
const nextEpoch = async (tx: Transaction<Database>): Promise<number> =>
  Number(
    (
      await tx
        .updateTable('counters')
        .set((eb) => ({ value: eb('value', '+', 1) }))
        .where('name', '=', TEAM_EPOCH_COUNTER)
        .returning('value')
        .executeTakeFirstOrThrow()
    ).value,
  );

/**
 * Team changes of one inspection take their turn: the inspection's row is written first, so on
 * PostgreSQL a second change waits for the first to commit (SQLite has one writer anyway) and two
 * coordinators each making someone the lead at once still leave one lead.
 */
const lockTeam = (tx: Transaction<Database>, inspectionId: string) =>
  tx
    .updateTable('inspections')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', inspectionId)
    .execute();

const inTransaction = <T>(db: Kysely<Database>, work: (tx: Transaction<Database>) => Promise<T>) =>
  db.transaction().execute(work);

/** Inspections and their teams, set up by the coordinator; read fresh on every request. */
export const inspectionsStore = ({ read, write }: Connections): InspectionsStore => {
  const withTeams = async (
    inspections: Selectable<Database['inspections']>[],
  ): Promise<InspectionWithTeam[]> => {
    if (inspections.length === 0) return [];
    const members = await read
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select([
        'team_members.inspection_id',
        'team_members.user_id',
        'team_members.role',
        'users.name',
        'users.inspectorate',
      ])
      .where(
        'team_members.inspection_id',
        'in',
        inspections.map((i) => i.id),
      )
      .orderBy('users.name')
      .execute();
    return inspections.map((i) => ({
      id: i.id,
      frameworkId: i.framework_id,
      area: i.area,
      startsOn: i.starts_on,
      endsOn: i.ends_on,
      status: i.status as InspectionRecord['status'],
      retention: retentionOf({
        reportedAt: i.reported_at,
        retainUntil: i.retain_until,
        legalHold:
          i.legal_hold_reason === null
            ? null
            : { reason: i.legal_hold_reason, since: i.legal_hold_since ?? '', by: i.legal_hold_by },
        purgedAt: i.purged_at,
      }),
      contacts: contactsOf(i.safeguarding_contacts),
      team: members
        .filter((m) => m.inspection_id === i.id)
        .map((m): TeamMemberView => ({
          userId: m.user_id,
          name: m.name,
          inspectorate: m.inspectorate,
          role: m.role as TeamMemberView['role'],
        })),
    }));
  };

  return {
    async insertInspection(inspection, team) {
      await write.transaction().execute(async (tx) => {
        await tx
          .insertInto('inspections')
          .values({
            id: inspection.id,
            framework_id: inspection.frameworkId,
            area: inspection.area,
            starts_on: inspection.startsOn,
            ends_on: inspection.endsOn,
            status: inspection.status,
          })
          .execute();
        if (team.length > 0) {
          const joined = await nextEpoch(tx);
          await tx
            .insertInto('team_members')
            .values(
              team.map((m) => ({
                inspection_id: m.inspectionId,
                user_id: m.userId,
                role: m.role,
                joined,
              })),
            )
            .execute();
        }
      });
    },
    async inspectionsFor(userId) {
      const inspections = await read
        .selectFrom('inspections')
        .innerJoin('team_members', 'team_members.inspection_id', 'inspections.id')
        .selectAll('inspections')
        .where('team_members.user_id', '=', userId)
        .orderBy('inspections.starts_on', 'desc')
        .execute();
      return withTeams(inspections);
    },
    async inspectionIdsFor(userId) {
      const rows = await read
        .selectFrom('team_members')
        .select('inspection_id')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((r) => r.inspection_id);
    },
    async listInspections() {
      return withTeams(
        await read.selectFrom('inspections').selectAll().orderBy('starts_on', 'desc').execute(),
      );
    },
    async setTeamMember(member) {
      return inTransaction(write, async (tx): Promise<TeamMemberChange> => {
        await lockTeam(tx, member.inspectionId);
        const leads = (
          await tx
            .selectFrom('team_members')
            .select('user_id')
            .where('inspection_id', '=', member.inspectionId)
            .where('role', '=', 'lead')
            .execute()
        ).map((m) => m.user_id);
        const others = leads.filter((id) => id !== member.userId);
        if (member.role === 'inspector' && leads.includes(member.userId) && others.length === 0)
          return { status: 'needs-a-lead' };
        if (member.role === 'lead' && others.length > 0)
          await tx
            .updateTable('team_members')
            .set({ role: 'inspector' })
            .where('inspection_id', '=', member.inspectionId)
            .where('user_id', 'in', others)
            .execute();
        const changed = await tx
          .updateTable('team_members')
          .set({ role: member.role })
          .where('inspection_id', '=', member.inspectionId)
          .where('user_id', '=', member.userId)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0)
          await tx
            .insertInto('team_members')
            .values({
              inspection_id: member.inspectionId,
              user_id: member.userId,
              role: member.role,
              joined: await nextEpoch(tx),
            })
            .execute();
        return { status: 'set', demoted: member.role === 'lead' ? others : [] };
      });
    },
    async setTeam(inspectionId, team) {
      await inTransaction(write, async (tx) => {
        await lockTeam(tx, inspectionId);
        // Members who stay keep the epoch they joined at; only newcomers get a new one (S6a).
        const before = new Map(
          (
            await tx
              .selectFrom('team_members')
              .select(['user_id', 'joined'])
              .where('inspection_id', '=', inspectionId)
              .execute()
          ).map((m) => [m.user_id, Number(m.joined)]),
        );
        await tx.deleteFrom('team_members').where('inspection_id', '=', inspectionId).execute();
        if (team.length === 0) return;
        const newcomer = team.some((m) => !before.has(m.userId)) ? await nextEpoch(tx) : 0;
        await tx
          .insertInto('team_members')
          .values(
            team.map((m) => ({
              inspection_id: inspectionId,
              user_id: m.userId,
              role: m.role,
              joined: before.get(m.userId) ?? newcomer,
            })),
          )
          .execute();
      });
    },
    async inspectionById(id) {
      const found = await read.selectFrom('inspections').selectAll().where('id', '=', id).execute();
      return (await withTeams(found))[0];
    },
    async setInspectionContacts(inspectionId, contacts) {
      const result = await write
        .updateTable('inspections')
        .set({ safeguarding_contacts: JSON.stringify(contacts) })
        .where('id', '=', inspectionId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async setInspectionStatus(inspectionId, status, atIso) {
      const result = await write
        .updateTable('inspections')
        // Reported again while reported keeps its date; leaving `reported` stops the clock.
        .set((eb) => ({
          status,
          reported_at:
            status === 'reported'
              ? eb.fn.coalesce(
                  eb.case().when('status', '=', 'reported').then(eb.ref('reported_at')).end(),
                  eb.val(atIso),
                )
              : null,
        }))
        .where('id', '=', inspectionId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
};
