import { z } from 'zod';
import { deviceFamilySchema } from '../../domain/deviceProfile';
import {
  aliasNameSchema,
  aliasSchema,
  autoRollbackPolicySchema,
  gateResultSchema,
  historyEntrySchema,
  importProgressSchema,
  historyQuerySchema,
  importReportSchema,
  manifestChangeSchema,
  modelVersionIdSchema,
  modelVersionSchema,
  registryChangeSchema,
  shadowStatusSchema,
} from '../../domain/registry';
import { defineEvent, defineMethod } from '../contractTypes';

/** Why the operator did it: required for every change, kept in the deployment history. */
const reason = z.string().trim().min(3, 'say why (at least 3 characters)').max(2000);
const versionId = modelVersionIdSchema;
const empty = z.strictObject({});

export const ImportOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), version: modelVersionSchema, duplicate: z.boolean(), report: importReportSchema, removedByRetention: z.array(z.string()) }),
  z.object({ ok: z.literal(false), message: z.string(), report: importReportSchema }),
]);
export type ImportOutcome = z.infer<typeof ImportOutcomeSchema>;

/** Raw bytes per upload chunk, so that its base64 text (4/3 larger) stays well inside one 1 MiB socket message. */
export const MAX_UPLOAD_CHUNK_BYTES = 512 * 1024;
const uploadId = z.uuid();

export const registryMethods = {
  'registry.import': defineMethod(
    'Imports a model package folder or .zip: schema, hashes, external data, isolated load, parity and latency; nothing is stored unless all pass.',
    z.strictObject({ path: z.string().min(1).max(4096) }),
    ImportOutcomeSchema,
  ),
  'registry.uploadBegin': defineMethod(
    'Opens an upload of a package picked or dropped in the renderer (which has bytes, not a path): a .zip, or a folder as files with relative paths. Checks names and sizes before any byte is sent.',
    z.strictObject({
      kind: z.enum(['zip', 'folder']),
      name: z.string().trim().min(1).max(255),
      files: z.array(z.strictObject({ path: z.string().min(1).max(1024), bytes: z.number().int().nonnegative() })).min(1).max(4096),
    }),
    z.strictObject({ uploadId, maxChunkBytes: z.number().int().positive() }),
  ),
  'registry.uploadChunk': defineMethod(
    'Appends the next bytes (base64) of one declared file; chunks of a file arrive in order.',
    z.strictObject({
      uploadId,
      file: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative(),
      data: z.base64().max(Math.ceil(MAX_UPLOAD_CHUNK_BYTES / 3) * 4),
    }),
    z.strictObject({ received: z.number().int(), total: z.number().int() }),
  ),
  'registry.uploadFinish': defineMethod('Imports a complete upload exactly like registry.import, then deletes the uploaded files.', z.strictObject({ uploadId }), ImportOutcomeSchema),
  'registry.uploadAbort': defineMethod('Cancels an upload and deletes what it wrote.', z.strictObject({ uploadId }), empty),
  'registry.lastImport': defineMethod('The checklist of the latest import (running or finished), or null: a page opened late shows it.', empty, importProgressSchema.nullable()),
  'registry.versions': defineMethod('Stored versions, newest first, with import report, gate result, tags and aliases.', z.strictObject({ family: deviceFamilySchema.optional() }), z.array(modelVersionSchema)),
  'registry.aliases': defineMethod('Every alias and the version it points at.', z.strictObject({ family: deviceFamilySchema.optional() }), z.array(aliasSchema)),
  'registry.validate': defineMethod('Runs the validation gate on the family golden dataset now.', z.strictObject({ versionId }), gateResultSchema),
  'registry.activate': defineMethod(
    "Makes a version active on a device profile: validation gate (or an override with a reason), then a hot swap on the profile's live devices.",
    z.strictObject({ profileId: z.string().min(1), versionId, reason, override: z.strictObject({ reason: z.string().trim().min(10).max(2000) }).optional() }),
    aliasSchema,
  ),
  'registry.setAlias': defineMethod('Points a user alias (champion, candidate, …) at a version.', z.strictObject({ alias: aliasNameSchema, versionId, reason }), aliasSchema),
  'registry.removeAlias': defineMethod(
    'Removes an alias.',
    z.strictObject({ family: deviceFamilySchema, alias: aliasNameSchema, profileId: z.string().min(1).nullable(), reason }),
    empty,
  ),
  'registry.rollback': defineMethod(
    'Rolls an alias back to its previous version, or to any version given.',
    z.strictObject({ family: deviceFamilySchema, alias: aliasNameSchema, profileId: z.string().min(1).nullable(), toVersionId: versionId.optional(), reason }),
    aliasSchema,
  ),
  'registry.pin': defineMethod('Pins or unpins a version (pinned versions are never removed by retention).', z.strictObject({ versionId, pinned: z.boolean(), reason }), modelVersionSchema),
  'registry.tags': defineMethod('Replaces the tags of a version.', z.strictObject({ versionId, tags: z.array(z.string().trim().min(1).max(64)).max(32), reason }), modelVersionSchema),
  'registry.notes': defineMethod('Replaces the notes of a version.', z.strictObject({ versionId, notes: z.string().max(20_000), reason }), modelVersionSchema),
  'registry.delete': defineMethod('Deletes a version that is not pinned, aliased or running.', z.strictObject({ versionId, reason }), empty),
  'registry.diff': defineMethod('Differences between the manifests of two versions.', z.strictObject({ a: versionId, b: versionId }), z.array(manifestChangeSchema)),
  'registry.history': defineMethod('The deployment history, filtered.', historyQuerySchema, z.array(historyEntrySchema)),
  'registry.exportHistory': defineMethod(
    'The deployment history as CSV or JSON text, for saving.',
    z.strictObject({ query: historyQuerySchema, format: z.enum(['csv', 'json']) }),
    z.strictObject({ text: z.string(), fileName: z.string() }),
  ),
  'registry.liveAt': defineMethod(
    'Which version was live on a device at a time (null when none).',
    z.strictObject({ deviceId: z.string().min(1), time: z.string().datetime() }),
    historyEntrySchema.nullable(),
  ),
  'registry.shadowStart': defineMethod('Runs a version in shadow beside the live model of a device (never actuates).', z.strictObject({ deviceId: z.string().min(1), versionId, reason }), empty),
  'registry.shadowStop': defineMethod('Stops the shadow on a device; its final agreement goes to the history.', z.strictObject({ deviceId: z.string().min(1), reason }), empty),
  'registry.shadowStatus': defineMethod('Agreement statistics of running shadows.', z.strictObject({ deviceId: z.string().min(1).optional() }), z.array(shadowStatusSchema)),
  'registry.policy': defineMethod('The automatic rollback policy.', empty, autoRollbackPolicySchema),
  'registry.setPolicy': defineMethod('Changes the automatic rollback policy.', z.strictObject({ policy: autoRollbackPolicySchema, reason }), autoRollbackPolicySchema),
} as const;

export const registryEvents = {
  'registry.changed': defineEvent('A version, alias or shadow changed, or an automatic rollback happened.', registryChangeSchema),
  'registry.importProgress': defineEvent('A step of a running import (upload, then each check) started, passed or failed; with the whole checklist and the fraction done.', importProgressSchema),
} as const;
