// The declarations and a consumer file type-check with the pinned TypeScript (tsc --noEmit).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageDir, run } from './helpers.js';

test('tsc --noEmit accepts the types and the consumer file', () => {
  const r = run(process.execPath, [join(packageDir, 'node_modules/typescript/bin/tsc'), '-p', join(packageDir, 'tsconfig.json')], { cwd: packageDir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
