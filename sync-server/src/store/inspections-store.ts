import {
  SafeguardingContactsSchema,
  type SafeguardingContacts,
} from '../../../src/domain/contacts';
import type { Selectable } from 'kysely';
import type { Connections } from './accounts-store';
import type { Database } from './schema';
import type { InspectionRecord, InspectionWithTeam, Store, TeamMemberView } from './types';

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
          await tx
            .insertInto('team_members')
            .values(
              team.map((m) => ({ inspection_id: m.inspectionId, user_id: m.userId, role: m.role })),
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
      await write
        .insertInto('team_members')
        .values({ inspection_id: member.inspectionId, user_id: member.userId, role: member.role })
        .onConflict((oc) =>
          oc.columns(['inspection_id', 'user_id']).doUpdateSet({ role: member.role }),
        )
        .execute();
    },
    async setTeam(inspectionId, team) {
      await write.transaction().execute(async (tx) => {
        await tx.deleteFrom('team_members').where('inspection_id', '=', inspectionId).execute();
        if (team.length > 0) {
          await tx
            .insertInto('team_members')
            .values(
              team.map((m) => ({ inspection_id: inspectionId, user_id: m.userId, role: m.role })),
            )
            .execute();
        }
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
    async setInspectionStatus(inspectionId, status) {
      const result = await write
        .updateTable('inspections')
        .set({ status })
        .where('id', '=', inspectionId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
};
