import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Python, where scikit-learn and SciPy are installed (the first python3 on PATH lacks them). */
const PYTHON = '/usr/bin/python3';

/**
 * Runs a Python snippet that reads JSON from `data` (a dict named `data`) and assigns a
 * JSON-serialisable `result`; returns `result`. Reference values for the metric tests come from
 * scikit-learn and SciPy this way. Throws a message saying what to install when they are missing.
 */
export function pythonReference<T>(code: string, data: unknown): T {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run "npm run setup" (Debian python3 with python3-sklearn and python3-scipy)`);
  const script = `import json, sys
try:
    import numpy as np, scipy, sklearn
except ImportError as e:
    sys.stderr.write("MISSING " + str(e))
    sys.exit(3)
data = json.load(sys.stdin)
${code}
print(json.dumps(result))`;
  try {
    const out = execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(data), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out) as T;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    if (stderr.includes('MISSING')) {
      throw new Error(`scikit-learn/SciPy are not importable by ${PYTHON} (${stderr.trim()}): run "npm run setup" (apt-get install python3-sklearn python3-scipy)`, { cause: error });
    }
    throw error;
  }
}
