// Loaded with `node --import` into a traktdb process by test/reliability/storage.test.ts where a
// tmpfs cannot be mounted (not root): file writes under TRAKTDB_TEST_FS_DIR fail with
// TRAKTDB_TEST_FS_ERROR (ENOSPC, EROFS), after the first TRAKTDB_TEST_FS_AFTER have succeeded, as a
// full or read-only disk would make them fail.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const dir = process.env.TRAKTDB_TEST_FS_DIR;
const code = process.env.TRAKTDB_TEST_FS_ERROR ?? 'ENOSPC';
let left = Number(process.env.TRAKTDB_TEST_FS_AFTER ?? '0');
if (dir) {
  const fails = (path) => String(path).startsWith(dir) && left-- <= 0;
  const failure = (syscall, path) =>
    Object.assign(new Error(`${code}: injected failure, ${syscall} '${path}'`), {
      code,
      syscall,
      path: String(path),
    });
  for (const name of ['writeFile', 'appendFile', 'mkdir']) {
    const original = fs.promises[name];
    fs.promises[name] = (path, ...rest) =>
      fails(path) ? Promise.reject(failure(name, path)) : original.call(fs.promises, path, ...rest);
  }
  syncBuiltinESMExports();
}
