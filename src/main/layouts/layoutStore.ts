import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultLiveLayout, LayoutProfileIdSchema, LiveLayoutSchema, type LiveLayout } from '../../shared/ipc/domains/layouts';
import { writeFileDurably } from '../storage/durableFiles';

/** What `get` found: the layout to use, whether it came from a file, and why not when a file was unusable. */
export interface StoredLayout {
  readonly layout: LiveLayout;
  readonly saved: boolean;
  readonly warning: string | null;
}

/**
 * Live-view layouts, one JSON file per device profile under `<dataDir>/layouts/`. Writes are
 * atomic (temp file, fsync, rename, directory sync) so a crash leaves the old layout or the new
 * one, never half of either; a file that does not parse or validate yields the default layout and
 * a warning, never an exception, because a layout is a convenience and must not stop the view.
 */
export class LayoutStore {
  readonly #dir: string;
  readonly #warn: (message: string) => void;
  /** Per-profile write chains: two quick saves of one profile must land in order. */
  readonly #writes = new Map<string, Promise<unknown>>();

  constructor(dir: string, warn: (message: string) => void) {
    this.#dir = dir;
    this.#warn = warn;
  }

  async get(profileId: string): Promise<StoredLayout> {
    const path = this.#pathOf(profileId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { layout: defaultLiveLayout(), saved: false, warning: null };
      throw error;
    }
    const parsed = parseLayoutFile(text);
    if (parsed.layout) return { layout: parsed.layout, saved: true, warning: null };
    const warning = `The saved layout for ${profileId} (${path}) is unreadable: ${parsed.reason}. Showing the default layout; saving replaces the file.`;
    this.#warn(warning);
    return { layout: defaultLiveLayout(), saved: false, warning };
  }

  /** Validates and writes the layout; resolves with it as stored (defaults filled in). */
  async save(profileId: string, layout: unknown): Promise<LiveLayout> {
    const valid = LiveLayoutSchema.parse(layout);
    await this.#serial(profileId, () => writeFileDurably(this.#pathOf(profileId), `${JSON.stringify(valid, null, 2)}\n`));
    return valid;
  }

  async reset(profileId: string): Promise<LiveLayout> {
    await this.#serial(profileId, () => rm(this.#pathOf(profileId), { force: true }));
    return defaultLiveLayout();
  }

  #pathOf(profileId: string): string {
    // The id becomes a file name: the schema (kebab-case) rules out separators and `..`.
    return join(this.#dir, `${LayoutProfileIdSchema.parse(profileId)}.json`);
  }

  #serial(profileId: string, write: () => Promise<unknown>): Promise<unknown> {
    const previous = this.#writes.get(profileId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.#writes.set(profileId, next);
    return next;
  }
}

function parseLayoutFile(text: string): { layout: LiveLayout; reason?: undefined } | { layout?: undefined; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = LiveLayoutSchema.safeParse(json);
  if (parsed.success) return { layout: parsed.data };
  const first = parsed.error.issues[0];
  return { reason: `${first.path.join('.') || '(root)'} ${first.message}` };
}
