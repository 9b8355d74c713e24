import { frameworkById } from '../../../src/domain/frameworks';
import type { MeResponse } from '../../../src/domain/protocol';
import type { Store } from '../store/types';

/**
 * The inspections of `GET /api/me`: each one the user is on, with its framework. Devices forget an
 * inspection that leaves this list (S6a). One whose framework is missing from this build cannot be
 * described, so it goes in `unavailable` (its id only) and is reported through `onUnknown`: a
 * device keeps it rather than forgetting evidence the user is still entitled to.
 */
export const inspectionsOf = async (
  store: Store,
  userId: string,
  onUnknown: (inspectionId: string, frameworkId: string) => void,
): Promise<Pick<MeResponse, 'inspections' | 'unavailable'>> => {
  const inspections: MeResponse['inspections'] = [];
  const unavailable: string[] = [];
  for (const inspection of await store.inspectionsFor(userId)) {
    const framework = frameworkById(inspection.frameworkId);
    if (framework) inspections.push({ ...inspection, framework });
    else {
      unavailable.push(inspection.id);
      onUnknown(inspection.id, inspection.frameworkId);
    }
  }
  return { inspections, unavailable };
};
