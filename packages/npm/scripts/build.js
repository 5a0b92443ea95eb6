#!/usr/bin/env node
// Builds the package: src/data.js from data/ports.yaml through the C++ build's generator
// (tools/gen/gen_js_data.cpp), the CommonJS copy in dist/cjs (TypeScript's compiler turns the
// ES modules into CommonJS; nothing is bundled), and the LICENSE.
//
// The generator is $BADPORT_GEN_JS_DATA, else the release build's
// (build/release/tools/gen/badport_gen_js_data); build it with
//   cmake --build --preset release --target badport_gen_js_data
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(here, '../..');
const generator = process.env.BADPORT_GEN_JS_DATA || join(root, 'build/release/tools/gen/badport_gen_js_data');

if (!existsSync(generator)) {
  console.error(`badport build: no generator at ${generator}`);
  console.error('build it first: cmake --build --preset release --target badport_gen_js_data (or set BADPORT_GEN_JS_DATA)');
  process.exit(2);
}

execFileSync(generator, [join(here, 'src/data.js')], { stdio: 'inherit' });

const cjs = join(here, 'dist/cjs');
rmSync(join(here, 'dist'), { recursive: true, force: true });
mkdirSync(cjs, { recursive: true });
const tsc = join(here, 'node_modules/typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.cjs.json')], { stdio: 'inherit' });
writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');
// The same declarations serve CommonJS: in dist/cjs they are read as CommonJS modules.
copyFileSync(join(here, 'types/index.d.ts'), join(cjs, 'index.d.ts'));
copyFileSync(join(here, 'types/node.d.ts'), join(cjs, 'node.d.ts'));
copyFileSync(join(root, 'LICENSE'), join(here, 'LICENSE'));
