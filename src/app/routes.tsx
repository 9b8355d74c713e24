import type { RouteObject } from 'react-router';
import { CaseListPage } from '../features/cases/CaseListPage';
import { CasePage } from '../features/cases/CasePage';
import { NewCasePage } from '../features/cases/NewCasePage';
import { EvidencePage } from '../features/capture/EvidencePage';
import { NewEvidencePage } from '../features/capture/NewEvidencePage';
import { EvidenceListPage } from '../features/evidence-list/EvidenceListPage';
import { InspectionHomePage } from '../features/inspections/InspectionHomePage';
import { InspectionListPage } from '../features/inspections/InspectionListPage';
import { SetUpInspectionPage } from '../features/inspections/SetUpInspectionPage';
import { ConcernListPage } from '../features/safeguarding/ConcernListPage';
import { ConcernPage } from '../features/safeguarding/ConcernPage';
import { RaiseConcernPage } from '../features/safeguarding/RaiseConcernPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SignInPage } from '../features/account/SignInPage';
import { NotFoundPage } from './NotFoundPage';

/** Every screen of the app; the layout wraps them all. */
export const ROUTES: RouteObject[] = [
  { index: true, element: <InspectionListPage /> },
  { path: 'inspections/new', element: <SetUpInspectionPage /> },
  { path: 'settings', element: <SettingsPage /> },
  { path: 'sign-in', element: <SignInPage /> },
  { path: 'i/:inspectionId', element: <InspectionHomePage /> },
  { path: 'i/:inspectionId/evidence', element: <EvidenceListPage /> },
  { path: 'i/:inspectionId/evidence/new', element: <NewEvidencePage /> },
  { path: 'i/:inspectionId/evidence/:evidenceId', element: <EvidencePage /> },
  { path: 'i/:inspectionId/cases', element: <CaseListPage /> },
  { path: 'i/:inspectionId/cases/new', element: <NewCasePage /> },
  { path: 'i/:inspectionId/cases/:caseId', element: <CasePage /> },
  { path: 'i/:inspectionId/safeguarding', element: <ConcernListPage /> },
  { path: 'i/:inspectionId/safeguarding/new', element: <RaiseConcernPage /> },
  { path: 'i/:inspectionId/safeguarding/:concernId', element: <ConcernPage /> },
  { path: '*', element: <NotFoundPage /> },
];
