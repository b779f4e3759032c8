import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type DeviceProfile, type ProfileIssue, parseDeviceProfile, profileIdSchema } from '../../../shared/domain/deviceProfile';
import { ContractError } from '../../../shared/ipc/contractError';
import { writeFileDurably } from '../../storage/durableFiles';
import { loadProfileFile } from './profileFile';
import { defaultProfileOf, findShippedProfile, loadShippedProfiles } from './shippedProfiles';

/** One profile as the store lists it: shipped, or a user's file (valid or not). */
export interface StoredProfile {
  readonly id: string;
  readonly origin: 'shipped' | 'user';
  /** The user's file; null for shipped profiles. */
  readonly file: string | null;
  /** Undefined when the file does not validate; `issues` says why. */
  readonly profile: DeviceProfile | undefined;
  readonly issues: readonly ProfileIssue[];
}

/** Saving checks the text first: on any issue nothing is written. */
export type ProfileSaveResult = { readonly ok: true; readonly entry: StoredProfile } | { readonly ok: false; readonly issues: readonly ProfileIssue[] };

function refuse(message: string): ContractError {
  return new ContractError({ code: 'invalid-input', message });
}

function shippedEntry(profile: DeviceProfile): StoredProfile {
  return { id: profile.id, origin: 'shipped', file: null, profile, issues: [] };
}

/** Profile JSON as the store writes it: indented, so it reads and diffs well by hand. */
function profileText(profile: DeviceProfile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}

/**
 * The device profiles the console knows: the shipped ones (read-only) and the operator's own
 * JSON files in `<dataDir>/profiles/` (`<id>.json`), which are copies made here or files written
 * by hand. A file that does not validate is listed with its issues and never used; a save that
 * does not validate writes nothing. Lookups are synchronous from the last scan of the folder,
 * which every listing and `resolve` refreshes, so a hand edit is seen without a restart.
 */
export class DeviceProfileStore {
  /** Null: shipped profiles only (tests and CLI tools without a data dir). */
  readonly #dir: string | null;
  #user: readonly StoredProfile[] = [];

  constructor(dir: string | null) {
    this.#dir = dir;
  }

  /** Rescans the folder; returns shipped profiles then the user's, by id. */
  async list(): Promise<readonly StoredProfile[]> {
    await this.#scan();
    return [...loadShippedProfiles().map(shippedEntry), ...this.#user];
  }

  /** Every profile that validates, shipped then the user's (rescanned). */
  async usable(): Promise<DeviceProfile[]> {
    return (await this.list()).flatMap((p) => (p.profile ? [p.profile] : []));
  }

  /** A usable profile by id, shipped or the user's, as of the last scan. */
  find(id: string): DeviceProfile | undefined {
    return findShippedProfile(id) ?? this.#user.find((p) => p.id === id)?.profile;
  }

  /** Like `find`, after rescanning the folder (a file edited by hand a moment ago counts). */
  async resolve(id: string): Promise<DeviceProfile | undefined> {
    await this.#scan();
    return this.find(id);
  }

  /** The JSON text to edit: the user's file as it is on disk (even when broken), or the shipped profile. */
  async text(id: string): Promise<string> {
    const shipped = findShippedProfile(id);
    if (shipped) return profileText(shipped);
    const path = this.#pathOf(id);
    try {
      return await readFile(path, 'utf8');
    } catch {
      throw refuse(`No device profile "${id}".`);
    }
  }

  /** Makes an editable copy of a profile (shipped or the user's) under a new id; returns it. */
  async copy(id: string): Promise<StoredProfile> {
    const source = await this.resolve(id);
    if (!source) throw refuse(`No usable device profile "${id}" to copy.`);
    const base = this.#originOf(id)?.id ?? id;
    const taken = new Set([...loadShippedProfiles().map((p) => p.id), ...this.#user.map((p) => p.id)]);
    let copyId = `${base}-copy`;
    for (let n = 2; taken.has(copyId); n++) copyId = `${base}-copy-${n}`;
    const copy: DeviceProfile = { ...source, id: copyId, displayName: `${source.displayName} (copy)` };
    return this.#write(copy);
  }

  /** Validates `text` as the profile `id` and writes it; on any issue nothing is saved. */
  async save(id: string, text: string): Promise<ProfileSaveResult> {
    this.#refuseShipped(id, 'edit a copy instead');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { ok: false, issues: [{ path: '(root)', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
    const parsed = parseDeviceProfile(json);
    if (!parsed.ok) return parsed;
    if (parsed.profile.id !== id) return { ok: false, issues: [{ path: 'id', message: `must stay "${id}" (make another copy for a new id)` }] };
    return { ok: true, entry: await this.#write(parsed.profile) };
  }

  /** Puts the shipped profile a copy came from back into it, keeping the copy's id. */
  async reset(id: string): Promise<StoredProfile> {
    this.#refuseShipped(id, 'there is nothing to reset');
    await this.#scan();
    const entry = this.#user.find((p) => p.id === id);
    if (!entry) throw refuse(`No profile "${id}" of yours to reset.`);
    const origin = this.#originOf(id) ?? (entry.profile ? defaultProfileOf(entry.profile.family) : undefined);
    if (!origin) throw refuse(`Cannot tell which shipped profile "${id}" came from; delete it and make a new copy.`);
    return this.#write({ ...origin, id, displayName: `${origin.displayName} (copy)` });
  }

  /** Deletes the user's profile file; devices already open with it keep running. */
  async remove(id: string): Promise<void> {
    this.#refuseShipped(id, 'shipped profiles cannot be deleted');
    await this.#scan();
    if (!this.#user.some((p) => p.id === id)) throw refuse(`No profile "${id}" of yours to delete.`);
    await rm(this.#pathOf(id), { force: true });
    await this.#scan();
  }

  /** The shipped profile a copy's id starts with (`imu-6axis-copy-2` → `imu-6axis`), longest first. */
  #originOf(id: string): DeviceProfile | undefined {
    return loadShippedProfiles()
      .filter((p) => id === p.id || id.startsWith(`${p.id}-`))
      .sort((a, b) => b.id.length - a.id.length)[0];
  }

  async #write(profile: DeviceProfile): Promise<StoredProfile> {
    const path = this.#pathOf(profile.id);
    await mkdir(this.#requireDir(), { recursive: true });
    // A crash or power cut mid-save leaves the old profile or the new one, never half of one.
    await writeFileDurably(path, profileText(profile));
    await this.#scan();
    return this.#user.find((p) => p.id === profile.id) ?? { id: profile.id, origin: 'user', file: path, profile, issues: [] };
  }

  async #scan(): Promise<void> {
    if (this.#dir === null) return;
    const dir = this.#dir;
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    } catch {
      names = [];
    }
    this.#user = await Promise.all(names.map((name) => this.#load(join(dir, name))));
  }

  async #load(path: string): Promise<StoredProfile> {
    const id = basename(path, '.json');
    const entry = (profile: DeviceProfile | undefined, issues: readonly ProfileIssue[]): StoredProfile => ({ id, origin: 'user', file: path, profile, issues });
    if (!profileIdSchema.safeParse(id).success) return entry(undefined, [{ path: '(file name)', message: 'must be <id>.json with a lower-case kebab-case id' }]);
    if (findShippedProfile(id)) return entry(undefined, [{ path: 'id', message: `"${id}" is a shipped profile's id; rename the file and its id` }]);
    const loaded = await loadProfileFile(path);
    if (!loaded.ok) return entry(undefined, loaded.issues);
    if (loaded.profile.id !== id) return entry(undefined, [{ path: 'id', message: `must be "${id}", the file's name` }]);
    return entry(loaded.profile, []);
  }

  #pathOf(id: string): string {
    // The id is checked before it becomes part of a path: no separators, no "..".
    if (!profileIdSchema.safeParse(id).success) throw refuse(`"${id}" is not a profile id.`);
    return join(this.#requireDir(), `${id}.json`);
  }

  #requireDir(): string {
    if (this.#dir === null) throw refuse('This console has no data folder for profiles of your own.');
    return this.#dir;
  }

  #refuseShipped(id: string, why: string): void {
    if (findShippedProfile(id)) throw refuse(`"${id}" is a shipped profile and read-only; ${why}.`);
  }
}
