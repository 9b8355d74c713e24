import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { InspectionHomePage } from '../features/inspections/InspectionHomePage';
import { InspectionListPage } from '../features/inspections/InspectionListPage';
import { leadOnly } from './LeadOnly';
import { NotFoundPage } from './NotFoundPage';

/**
 * Every screen of the app; the layout wraps them all. The first screens an inspector sees are in
 * the main bundle; the rest load on first use (the service worker has them all precached, so this
 * costs nothing offline and keeps start-up small on a tablet).
 */
const page =
  <M,>(load: () => Promise<M>, pick: (module: M) => ComponentType) =>
  async () => ({ Component: pick(await load()) });

/** A lead's screen: the same, behind the role check (an inspector is refused, not just unlinked). */
const leadPage =
  <M,>(load: () => Promise<M>, pick: (module: M) => ComponentType) =>
  async () => ({ Component: leadOnly(pick(await load())) });

/** Each screen names itself: the layout makes "Coverage – Northshire – Fieldbook" of it (WCAG 2.4.2). */
export type ScreenHandle = { title: string };

export const ROUTES: RouteObject[] = [
  {
    index: true,
    handle: { title: 'Your inspections' } satisfies ScreenHandle,
    element: <InspectionListPage />,
  },
  {
    path: 'inspections/new',
    handle: { title: 'Set up an inspection' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/inspections/SetUpInspectionPage'),
      (m) => m.SetUpInspectionPage,
    ),
  },
  {
    path: 'settings',
    handle: { title: 'Settings' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/settings/SettingsPage'),
      (m) => m.SettingsPage,
    ),
  },
  {
    path: 'refused',
    lazy: page(
      () => import('../features/refused/RefusedPage'),
      (m) => m.RefusedPage,
    ),
  },
  {
    path: 'sign-in',
    handle: { title: 'Your account' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/account/SignInPage'),
      (m) => m.SignInPage,
    ),
  },
  {
    path: 'admin',
    handle: { title: 'Coordinator' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/admin/AdminHomePage'),
      (m) => m.AdminHomePage,
    ),
  },
  {
    path: 'admin/users',
    handle: { title: 'Users and devices' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/admin/UsersPage'),
      (m) => m.UsersPage,
    ),
  },
  {
    path: 'admin/users/:userId',
    handle: { title: 'Password and devices' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/admin/UserPage'),
      (m) => m.UserPage,
    ),
  },
  {
    path: 'admin/inspections',
    handle: { title: 'Inspections and teams' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/admin/InspectionsPage'),
      (m) => m.InspectionsPage,
    ),
  },
  {
    path: 'admin/inspections/:inspectionId',
    handle: { title: 'Inspection status, team and retention' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/admin/InspectionPage'),
      (m) => m.InspectionPage,
    ),
  },
  {
    path: 'admin/settings',
    handle: { title: 'Device policy' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/admin/SettingsPage'),
      (m) => m.AdminSettingsPage,
    ),
  },
  {
    path: 'admin/audit',
    handle: { title: 'Audit log' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/admin/AuditPage'),
      (m) => m.AuditPage,
    ),
  },
  {
    path: 'i/:inspectionId',
    handle: { title: 'Inspection home' } satisfies ScreenHandle,
    element: <InspectionHomePage />,
  },
  {
    path: 'i/:inspectionId/join',
    lazy: page(
      () => import('../features/inspections/JoinInspectionPage'),
      (m) => m.JoinInspectionPage,
    ),
  },
  {
    path: 'i/:inspectionId/evidence',
    handle: { title: 'Evidence' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/evidence-list/EvidenceListPage'),
      (m) => m.EvidenceListPage,
    ),
  },
  {
    path: 'i/:inspectionId/evidence/new',
    handle: { title: 'Record evidence' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/capture/NewEvidencePage'),
      (m) => m.NewEvidencePage,
    ),
  },
  {
    path: 'i/:inspectionId/evidence/:evidenceId',
    handle: { title: 'Evidence record' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/capture/EvidencePage'),
      (m) => m.EvidencePage,
    ),
  },
  {
    path: 'i/:inspectionId/cases',
    handle: { title: 'Child cases' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/cases/CaseListPage'),
      (m) => m.CaseListPage,
    ),
  },
  {
    path: 'i/:inspectionId/cases/new',
    handle: { title: 'Add a child case' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/cases/NewCasePage'),
      (m) => m.NewCasePage,
    ),
  },
  {
    path: 'i/:inspectionId/cases/:caseId',
    handle: { title: 'Child case' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/cases/CasePage'),
      (m) => m.CasePage,
    ),
  },
  {
    path: 'i/:inspectionId/safeguarding',
    handle: { title: 'Safeguarding concerns' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/safeguarding/ConcernListPage'),
      (m) => m.ConcernListPage,
    ),
  },
  {
    path: 'i/:inspectionId/safeguarding/new',
    handle: { title: 'Raise a safeguarding concern' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/safeguarding/RaiseConcernPage'),
      (m) => m.RaiseConcernPage,
    ),
  },
  {
    path: 'i/:inspectionId/safeguarding/:concernId',
    handle: { title: 'Safeguarding concern' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/safeguarding/ConcernPage'),
      (m) => m.ConcernPage,
    ),
  },
  {
    path: 'i/:inspectionId/today',
    handle: { title: 'Today’s review' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/review/TodayPage'),
      (m) => m.TodayPage,
    ),
  },
  {
    path: 'i/:inspectionId/today/:evidenceId',
    handle: { title: 'Review evidence' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/review/ReviewPage'),
      (m) => m.ReviewPage,
    ),
  },
  {
    path: 'i/:inspectionId/meetings',
    handle: { title: 'Team meetings' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/meetings/MeetingListPage'),
      (m) => m.MeetingListPage,
    ),
  },
  {
    path: 'i/:inspectionId/meetings/new',
    handle: { title: 'Record a team meeting' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/meetings/NewMeetingPage'),
      (m) => m.NewMeetingPage,
    ),
  },
  {
    path: 'i/:inspectionId/meetings/:meetingId',
    handle: { title: 'Team meeting' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/meetings/MeetingPage'),
      (m) => m.MeetingPage,
    ),
  },
  {
    path: 'i/:inspectionId/coverage',
    handle: { title: 'Coverage' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/coverage/CoveragePage'),
      (m) => m.CoveragePage,
    ),
  },
  {
    path: 'i/:inspectionId/journeys',
    handle: { title: "Children's journeys" } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/journeys/JourneysPage'),
      (m) => m.JourneysPage,
    ),
  },
  {
    path: 'i/:inspectionId/judgements',
    handle: { title: 'Judgements' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/judgements/JudgementListPage'),
      (m) => m.JudgementListPage,
    ),
  },
  {
    path: 'i/:inspectionId/judgements/:judgementId',
    handle: { title: 'Judgement' } satisfies ScreenHandle,
    lazy: leadPage(
      () => import('../features/judgements/JudgementPage'),
      (m) => m.JudgementPage,
    ),
  },
  {
    path: 'i/:inspectionId/export',
    handle: { title: 'Export' } satisfies ScreenHandle,
    lazy: page(
      () => import('../features/export/ExportPage'),
      (m) => m.ExportPage,
    ),
  },
  {
    path: '*',
    handle: { title: 'Page not found' } satisfies ScreenHandle,
    element: <NotFoundPage />,
  },
];
