import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deviceFamilySchema } from '../../shared/domain/deviceProfile';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import { ContractError } from '../../shared/ipc/contractError';
import type { ModelSummary } from '../../shared/ipc/domains/inference';
import { readModelPackage, type ModelPackage } from '../inference/modelPackage';

/** Where a package keeps its golden dataset (a simulator dataset folder), beside the files its manifest lists. */
const GOLDEN_FOLDER = 'golden';

/** Catalogue ids are `<family>/<folder>`; nothing else may reach the file system. */
const MODEL_ID = /^([a-z]+)\/([A-Za-z0-9._-]+)$/;

/**
 * The model packages shipped with the console (`models/<family>/<package>/`): listed with their
 * verification result, and resolved by id for loading. Every listing re-verifies hashes, so a
 * file changed on disk shows up as a problem rather than being loaded.
 */
export class ModelCatalogue {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async list(): Promise<ModelSummary[]> {
    const out: ModelSummary[] = [];
    for (const family of deviceFamilySchema.options) {
      let folders: string[];
      try {
        folders = (await readdir(join(this.#root, family), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        continue;
      }
      for (const folder of folders.sort()) {
        const id = `${family}/${folder}`;
        try {
          const dir = join(this.#root, family, folder);
          const golden = join(dir, GOLDEN_FOLDER);
          out.push({ ...summarise(id, (await readModelPackage(dir)).manifest, null), packageDir: dir, goldenDataset: existsSync(join(golden, 'meta.json')) ? golden : null });
        } catch (error) {
          out.push({
            id,
            name: folder,
            version: '?',
            family,
            description: '',
            inputs: [],
            outputs: [],
            latencyBudgetMs: 0,
            problem: problemText(error),
            packageDir: join(this.#root, family, folder),
            goldenDataset: null,
          });
        }
      }
    }
    return out;
  }

  /** Verifies and returns a package by id; refuses unknown or malformed ids before touching the disk. */
  async open(id: string): Promise<ModelPackage> {
    const match = MODEL_ID.exec(id);
    if (!match || !deviceFamilySchema.safeParse(match[1]).success) {
      throw new ContractError({ code: 'invalid-input', message: `"${id}" is not a model in the catalogue.` });
    }
    return readModelPackage(join(this.#root, match[1], match[2]));
  }
}

function summarise(id: string, m: ModelManifest, problem: string | null): Omit<ModelSummary, 'goldenDataset' | 'packageDir'> {
  return {
    id,
    name: m.name,
    version: m.version,
    family: m.family,
    description: m.description,
    inputs: m.inputs.map((i) => ({ name: i.name, shape: i.shape })),
    outputs: m.outputs.map((o) => ({ name: o.name, kind: o.kind, ...(o.kind === 'classification' ? { labels: [...o.labels] } : {}) })),
    latencyBudgetMs: m.latencyBudget.p95Ms,
    problem,
  };
}

function problemText(error: unknown): string {
  if (error instanceof ContractError) {
    const extra = (error.issues ?? []).filter((issue) => !error.message.includes(issue));
    return [error.message, ...extra].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}
