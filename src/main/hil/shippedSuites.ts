import type { DeviceFamily } from '../../shared/domain/deviceProfile';
import type { HilSuite } from '../../shared/domain/hilSuite';
import augmenter from '../../../hil-suites/augmenter.yaml?raw';
import echoloc from '../../../hil-suites/echoloc.yaml?raw';
import enose from '../../../hil-suites/enose.yaml?raw';
import imu from '../../../hil-suites/imu.yaml?raw';
import sits from '../../../hil-suites/sits.yaml?raw';
import { formatSuiteIssues, parseSuiteYaml } from './suiteFile';

/** A shipped suite file that fails validation: a build defect, reported with every issue. */
export class ShippedSuiteError extends Error {
  override readonly name = 'ShippedSuiteError';
}

const SHIPPED: Readonly<Record<DeviceFamily, string>> = { augmenter, echoloc, imu, enose, sits };

const cache = new Map<DeviceFamily, HilSuite>();

/** The suite shipped for a family (`hil-suites/<family>.yaml`), validated on first use. */
export function shippedSuite(family: DeviceFamily): HilSuite {
  const cached = cache.get(family);
  if (cached) return cached;
  const result = parseSuiteYaml(SHIPPED[family]);
  if (!result.ok) throw new ShippedSuiteError(formatSuiteIssues(`hil-suites/${family}.yaml`, result.issues));
  cache.set(family, result.suite);
  return result.suite;
}
