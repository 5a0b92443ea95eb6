// Shared by the tests: paths, the JSON Schema validator, and running programs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(packageDir, '../..');

/** The native badport executable ($BADPORT_BIN, else the release build's), or null. */
export function nativeBadport() {
  const bin = process.env.BADPORT_BIN || join(repoDir, 'build/release/badport');
  if (process.env.BADPORT_BIN && !existsSync(bin)) throw new Error(`BADPORT_BIN=${bin} does not exist`);
  return existsSync(bin) ? bin : null;
}

/** The shared folder with the WPT data ($BADPORT_SHARED_DIR, else ../shared beside the repository). */
export function sharedDir() {
  return process.env.BADPORT_SHARED_DIR || resolve(repoDir, '../shared');
}

const schemaPath = join(repoDir, 'doc/schema/check.schema.json');

/** Validators for a whole badport.check/2 document and for one result object. */
export function schemaValidators() {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addSchema(schema);
  return {
    document: ajv.getSchema(schema.$id),
    result: ajv.compile({ $ref: `${schema.$id}#/$defs/result` }),
  };
}

/** Runs a program; returns {status, stdout, stderr}. */
export function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
