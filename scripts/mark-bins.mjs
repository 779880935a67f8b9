// Makes the commands in package.json's `bin` executable after `tsc` has written them. npm sets the mode when it
// links a package's bins at install, but `npm run build` (and `npm test`, which builds first) writes new files
// with the default mode, and `npx leastpriv` in a built clone then fails with "Permission denied".
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const file of Object.values(bin)) chmodSync(join(root, file), 0o755);
