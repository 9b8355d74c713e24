import type { RouteObject } from 'react-router';
import { InspectionHomePage } from '../../../src/features/inspections/InspectionHomePage';
import { ConcernPage } from '../../../src/features/safeguarding/ConcernPage';
import { ReviewPage } from '../../../src/features/review/ReviewPage';
import { TodayPage } from '../../../src/features/review/TodayPage';

/** The screens the lead and the author move between, as the app mounts them. */
export const REVIEW_ROUTES: RouteObject[] = [
  { path: '/i/:inspectionId', element: <InspectionHomePage /> },
  { path: '/i/:inspectionId/today', element: <TodayPage /> },
  { path: '/i/:inspectionId/today/:evidenceId', element: <ReviewPage /> },
  { path: '/i/:inspectionId/evidence/:evidenceId', element: <h1>Evidence</h1> },
  { path: '/i/:inspectionId/safeguarding/:concernId', element: <ConcernPage /> },
];
