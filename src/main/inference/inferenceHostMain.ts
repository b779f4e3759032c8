/**
 * Entry of the inference host process (one per active model runtime). Built as its own bundle
 * (`inferenceHost` input of the main build) and started by the core with `child_process.fork`
 * or Electron's `utilityProcess.fork`. See ARCHITECTURE.md §1, "Inference runs out of process".
 */
import { openHostPort } from './hostPort';
import { serveInferenceHost } from './inferenceHostServer';

serveInferenceHost(openHostPort());
