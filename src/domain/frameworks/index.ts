import { FrameworkSchema, type Framework } from '../framework';
import cpJoint2012 from './cp-joint-2012.json';
import lac2012 from './lac-2012.json';

/**
 * The shipped frameworks. Each is a plain data file beside this one, checked against
 * `FrameworkSchema` at load so a malformed file fails loudly at start, not mid-inspection.
 * Adding a framework is adding its JSON file and its line here.
 */
const FRAMEWORK_FILES: unknown[] = [cpJoint2012, lac2012];

export const FRAMEWORKS: readonly Framework[] = FRAMEWORK_FILES.map((data) =>
  FrameworkSchema.parse(data),
);

export const frameworkById = (id: string): Framework | undefined =>
  FRAMEWORKS.find((framework) => framework.id === id);
