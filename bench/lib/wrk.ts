// wrk (C, multi-threaded) as the load generator for the side-by-side bench: the peer's own
// harness measures with it, and it costs far less CPU per request than autocannon, which matters
// when client and servers share two cores. Latency is to the end of the response.
import { execFile } from 'node:child_process';

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

/** `wrk -t<threads> -c<connections> -d<s>s --latency -H 'Host: …' url`. */
export function wrk(o: { url: string; host: string; threads: number; connections: number; durationS: number }): Promise<WrkResult> {
  const args = [`-t${o.threads}`, `-c${o.connections}`, `-d${o.durationS}s`, '--latency', '-H', `Host: ${o.host}`, o.url];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { encoding: 'utf8', timeout: (o.durationS + 60) * 1000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`wrk failed: ${err.message}\n${stderr}`));
      else resolve(parseWrk(stdout, o.durationS));
    });
  });
}
