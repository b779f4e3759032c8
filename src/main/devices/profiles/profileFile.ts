import { readFile } from 'node:fs/promises';
import { type ProfileParseResult, parseDeviceProfile } from '../../../shared/domain/deviceProfile';

/**
 * Reads and validates a user's profile file. Never throws: an unreadable file or bad JSON is
 * reported as an issue at the root, like schema problems, so the UI shows them the same way.
 */
export async function loadProfileFile(path: string): Promise<ProfileParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, issues: [{ path: '(root)', message: `cannot read ${path}: ${describeError(error)}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ path: '(root)', message: `${path} is not valid JSON: ${describeError(error)}` }] };
  }
  return parseDeviceProfile(json);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
