// wrk (C, multi-threaded) as the load generator for the side-by-side bench: the peer's own
// harness measures with it, and it costs far less CPU per request than autocannon, which matters
// when client and servers share two cores. Latency is to the end of the response.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { join as pathJoin } from 'node:path';

export interface WrkResult {
  rps: number;
  requests: number;
  durationS: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: number;
  raw: string;
}

function ms(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

export function parseWrk(raw: string, durationS: number): WrkResult {
  const pick = (re: RegExp) => re.exec(raw)?.[1];
  const requests = Number(pick(/(\d+) requests in/) ?? 0);
  const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(raw);
  return {
    rps: Number(pick(/Requests\/sec:\s+([\d.]+)/) ?? 0),
    requests,
    durationS,
    p50Ms: ms(pick(/^\s+50%\s+(\S+)/m) ?? ''),
    p90Ms: ms(pick(/^\s+90%\s+(\S+)/m) ?? ''),
    p99Ms: ms(pick(/^\s+99%\s+(\S+)/m) ?? ''),
    non2xx: Number(pick(/Non-2xx or 3xx responses:\s+(\d+)/) ?? 0),
    socketErrors: errs ? errs.slice(1).reduce((s, x) => s + Number(x), 0) : 0,
    raw,
  };
}

/** `wrk -t<threads> -c<connections> -d<s>s --latency -H 'Host: …' [-H …] [-s script.lua] url`. */
export function wrk(o: {
  url: string;
  host: string;
  threads: number;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
  script?: string;
}): Promise<WrkResult> {
  const extra = Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args = [`-t${o.threads}`, `-c${o.connections}`, `-d${o.durationS}s`, '--latency', '-H', `Host: ${o.host}`, ...extra];
  if (o.script) args.push('-s', o.script);
  args.push(o.url);
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { encoding: 'utf8', timeout: (o.durationS + 60) * 1000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`wrk failed: ${err.message}\n${stderr}`));
      else resolve(parseWrk(stdout, o.durationS));
    });
  });
}

/**
 * A wrk script (written to a temp file; returns its path) that POSTs `{"choice_id": …}` to `path`
 * with one bearer token after another: thread k of n takes every n-th token, and each token's next
 * use picks the next choice, so every POST moves a vote (a real write) and no two connections of
 * a thread send the same voter at once.
 */
export function voteScript(path: string, tokens: string[], choiceIds: number[], threads: number): string {
  const list = (xs: (string | number)[]) => `{${xs.map((x) => JSON.stringify(x)).join(',')}}`;
  const lua = `local tokens = ${list(tokens)}
local choices = ${list(choiceIds)}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  mine = {}
  for i = tid, #tokens, ${threads} do mine[#mine + 1] = i end
  n = 0
end
function request()
  local k = mine[(n % #mine) + 1]
  local c = choices[((math.floor(n / #mine) + k) % #choices) + 1]
  n = n + 1
  return wrk.format("POST", ${JSON.stringify(path)}, { ["Authorization"] = "Bearer " .. tokens[k], ["Content-Type"] = "application/json" }, '{"choice_id":' .. c .. '}')
end
`;
  const file = pathJoin(os.tmpdir(), `quorum-bench-vote-${process.pid}-${Date.now()}.lua`);
  fs.writeFileSync(file, lua);
  return file;
}
