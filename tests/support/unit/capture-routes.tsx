import type { RouteObject } from 'react-router';
import { EvidencePage } from '../../../src/features/capture/EvidencePage';
import { NewEvidencePage } from '../../../src/features/capture/NewEvidencePage';

/** The capture screens as the app mounts them, plus a stand-in list to land on after a delete. */
export const CAPTURE_ROUTES: RouteObject[] = [
  { path: '/i/:inspectionId/evidence', element: <h1>Evidence list</h1> },
  { path: '/i/:inspectionId/evidence/new', element: <NewEvidencePage /> },
  { path: '/i/:inspectionId/evidence/:evidenceId', element: <EvidencePage /> },
];
