import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { InspectionHomePage } from '../features/inspections/InspectionHomePage';
import { InspectionListPage } from '../features/inspections/InspectionListPage';
import { NotFoundPage } from './NotFoundPage';

/**
 * Every screen of the app; the layout wraps them all. The first screens an inspector sees are in
 * the main bundle; the rest load on first use (the service worker has them all precached, so this
 * costs nothing offline and keeps start-up small on a tablet).
 */
const page =
  <M,>(load: () => Promise<M>, pick: (module: M) => ComponentType) =>
  async () => ({ Component: pick(await load()) });

export const ROUTES: RouteObject[] = [
  { index: true, element: <InspectionListPage /> },
  {
    path: 'inspections/new',
    lazy: page(
      () => import('../features/inspections/SetUpInspectionPage'),
      (m) => m.SetUpInspectionPage,
    ),
  },
  {
    path: 'settings',
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
    lazy: page(
      () => import('../features/account/SignInPage'),
      (m) => m.SignInPage,
    ),
  },
  {
    path: 'admin',
    lazy: page(
      () => import('../features/admin/AdminHomePage'),
      (m) => m.AdminHomePage,
    ),
  },
  {
    path: 'admin/users',
    lazy: page(
      () => import('../features/admin/UsersPage'),
      (m) => m.UsersPage,
    ),
  },
  {
    path: 'admin/users/:userId',
    lazy: page(
      () => import('../features/admin/UserPage'),
      (m) => m.UserPage,
    ),
  },
  {
    path: 'admin/inspections',
    lazy: page(
      () => import('../features/admin/InspectionsPage'),
      (m) => m.InspectionsPage,
    ),
  },
  {
    path: 'admin/inspections/:inspectionId',
    lazy: page(
      () => import('../features/admin/InspectionPage'),
      (m) => m.InspectionPage,
    ),
  },
  {
    path: 'admin/settings',
    lazy: page(
      () => import('../features/admin/SettingsPage'),
      (m) => m.AdminSettingsPage,
    ),
  },
  {
    path: 'admin/audit',
    lazy: page(
      () => import('../features/admin/AuditPage'),
      (m) => m.AuditPage,
    ),
  },
  { path: 'i/:inspectionId', element: <InspectionHomePage /> },
  {
    path: 'i/:inspectionId/join',
    lazy: page(
      () => import('../features/inspections/JoinInspectionPage'),
      (m) => m.JoinInspectionPage,
    ),
  },
  {
    path: 'i/:inspectionId/evidence',
    lazy: page(
      () => import('../features/evidence-list/EvidenceListPage'),
      (m) => m.EvidenceListPage,
    ),
  },
  {
    path: 'i/:inspectionId/evidence/new',
    lazy: page(
      () => import('../features/capture/NewEvidencePage'),
      (m) => m.NewEvidencePage,
    ),
  },
  {
    path: 'i/:inspectionId/evidence/:evidenceId',
    lazy: page(
      () => import('../features/capture/EvidencePage'),
      (m) => m.EvidencePage,
    ),
  },
  {
    path: 'i/:inspectionId/cases',
    lazy: page(
      () => import('../features/cases/CaseListPage'),
      (m) => m.CaseListPage,
    ),
  },
  {
    path: 'i/:inspectionId/cases/new',
    lazy: page(
      () => import('../features/cases/NewCasePage'),
      (m) => m.NewCasePage,
    ),
  },
  {
    path: 'i/:inspectionId/cases/:caseId',
    lazy: page(
      () => import('../features/cases/CasePage'),
      (m) => m.CasePage,
    ),
  },
  {
    path: 'i/:inspectionId/safeguarding',
    lazy: page(
      () => import('../features/safeguarding/ConcernListPage'),
      (m) => m.ConcernListPage,
    ),
  },
  {
    path: 'i/:inspectionId/safeguarding/new',
    lazy: page(
      () => import('../features/safeguarding/RaiseConcernPage'),
      (m) => m.RaiseConcernPage,
    ),
  },
  {
    path: 'i/:inspectionId/safeguarding/:concernId',
    lazy: page(
      () => import('../features/safeguarding/ConcernPage'),
      (m) => m.ConcernPage,
    ),
  },
  {
    path: 'i/:inspectionId/today',
    lazy: page(
      () => import('../features/review/TodayPage'),
      (m) => m.TodayPage,
    ),
  },
  {
    path: 'i/:inspectionId/today/:evidenceId',
    lazy: page(
      () => import('../features/review/ReviewPage'),
      (m) => m.ReviewPage,
    ),
  },
  {
    path: 'i/:inspectionId/meetings',
    lazy: page(
      () => import('../features/meetings/MeetingListPage'),
      (m) => m.MeetingListPage,
    ),
  },
  {
    path: 'i/:inspectionId/meetings/new',
    lazy: page(
      () => import('../features/meetings/NewMeetingPage'),
      (m) => m.NewMeetingPage,
    ),
  },
  {
    path: 'i/:inspectionId/meetings/:meetingId',
    lazy: page(
      () => import('../features/meetings/MeetingPage'),
      (m) => m.MeetingPage,
    ),
  },
  {
    path: 'i/:inspectionId/coverage',
    lazy: page(
      () => import('../features/coverage/CoveragePage'),
      (m) => m.CoveragePage,
    ),
  },
  {
    path: 'i/:inspectionId/journeys',
    lazy: page(
      () => import('../features/journeys/JourneysPage'),
      (m) => m.JourneysPage,
    ),
  },
  {
    path: 'i/:inspectionId/judgements',
    lazy: page(
      () => import('../features/judgements/JudgementListPage'),
      (m) => m.JudgementListPage,
    ),
  },
  {
    path: 'i/:inspectionId/judgements/:judgementId',
    lazy: page(
      () => import('../features/judgements/JudgementPage'),
      (m) => m.JudgementPage,
    ),
  },
  {
    path: 'i/:inspectionId/export',
    lazy: page(
      () => import('../features/export/ExportPage'),
      (m) => m.ExportPage,
    ),
  },
  { path: '*', element: <NotFoundPage /> },
];
