/**
 * Calls a server action of the production build over HTTP, as the browser's `useActionState`
 * form does: POST to the page with the `Next-Action` id (from the build's server-reference
 * manifest) and React's reply encoding of the arguments `(prevState, formData)`. The answer is
 * the RSC stream: tests look for the action's sentence in its text.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { request, TEST_DIST_DIR, type AppServer, type HttpResult } from './app-server';

const ROOT = path.resolve(__dirname, '..');

interface ManifestEntry {
  exportedName?: string;
  filename?: string;
}

let manifest: Record<string, ManifestEntry> | null = null;

/** The action id of an exported server action: `name` is its export name, or `file#name` when two files share it. */
export function actionId(name: string): string {
  manifest ??= (
    JSON.parse(readFileSync(path.join(ROOT, TEST_DIST_DIR, 'server', 'server-reference-manifest.json'), 'utf8')) as {
      node: Record<string, ManifestEntry>;
    }
  ).node;
  const [file, exported] = name.includes('#') ? name.split('#') : [null, name];
  const hits = Object.entries(manifest).filter(([, e]) => e.exportedName === exported && (!file || e.filename === file));
  if (hits.length !== 1) throw new Error(`server action ${name}: ${hits.length} entries in the manifest`);
  return hits[0]![0];
}

export function callAction(
  app: AppServer,
  host: string,
  pagePath: string,
  name: string,
  cookie: string | null,
  fields: Record<string, string>,
  opts: { origin?: string } = {},
): Promise<HttpResult> {
  const boundary = `----quorum${randomBytes(8).toString('hex')}`;
  // encodeReply([prevState, formData]) of the bundled React: the form's fields as _1_<name>, then
  // part 0, the argument list, LAST (the server resolves "$K1" as soon as part 0 arrives).
  const parts: [string, string][] = [
    ...Object.entries(fields).map(([k, v]): [string, string] => [`_1_${k}`, v]),
    ['0', JSON.stringify([{}, '$K1'])],
  ];
  const body =
    parts.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
  const headers: Record<string, string> = {
    origin: opts.origin ?? `http://${host}`,
    'next-action': actionId(name),
    accept: 'text/x-component',
    'content-type': `multipart/form-data; boundary=${boundary}`,
  };
  if (cookie) headers.cookie = cookie;
  return request(app.port, host, 'POST', pagePath, { body, headers });
}
