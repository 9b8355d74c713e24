import { frameworkById } from '../../../src/domain/frameworks';
import type { MeResponse } from '../../../src/domain/protocol';
import type { Store } from '../store/types';

/**
 * The inspections of `GET /api/me`: each one the user is on, with its framework. Devices forget an
 * inspection that leaves this list (S6a). One whose framework is missing from this build is left
 * out and reported through `onUnknown`.
 */
export const inspectionsOf = async (
  store: Store,
  userId: string,
  onUnknown: (inspectionId: string, frameworkId: string) => void,
): Promise<MeResponse['inspections']> => {
  const inspections: MeResponse['inspections'] = [];
  for (const inspection of await store.inspectionsFor(userId)) {
    const framework = frameworkById(inspection.frameworkId);
    if (framework) inspections.push({ ...inspection, framework });
    else onUnknown(inspection.id, inspection.frameworkId);
  }
  return inspections;
};
