// Is the compiled server (lib/, from scripts/build-server.mjs) at least as new as every source file?
import fs from 'node:fs';
import path from 'node:path';

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

export function libIsFresh(root) {
  const stamp = path.join(root, 'lib', '.built');
  if (!fs.existsSync(stamp)) return false;
  return fs.statSync(stamp).mtimeMs >= newest(path.join(root, 'src'));
}
