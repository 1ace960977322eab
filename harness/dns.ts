/**
 * An authoritative-enough DNS server on loopback for domain verification tests (the dns2
 * package, UDP): TXT records from a map the test edits; every other name gets no answers.
 * Point the code under test at it with DNS_SERVERS=<server>.
 */
import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';

export interface TestDns {
  /** "127.0.0.1:<port>", the DNS_SERVERS value. */
  server: string;
  /** Sets the TXT records at a name: one string[] per record (several strings = one multi-string record). */
  setTxt(name: string, records: string[][]): void;
  queries: () => number;
  stop(): Promise<void>;
}

export async function startDns(): Promise<TestDns> {
  const txt = new Map<string, string[][]>();
  let queries = 0;
  const server = dns2.createUDPServer((request, send) => {
    queries++;
    const response = dns2.Packet.createResponseFromRequest(request);
    for (const q of request.questions) {
      const records = q.type === dns2.Packet.TYPE.TXT ? (txt.get(q.name.toLowerCase()) ?? []) : [];
      for (const data of records) {
        response.answers.push({ name: q.name, type: dns2.Packet.TYPE.TXT, class: dns2.Packet.CLASS.IN, ttl: 1, data } as never);
      }
    }
    send(response);
  });
  await server.listen(0, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  return {
    server: `127.0.0.1:${port}`,
    setTxt: (name, records) => {
      txt.set(name.toLowerCase(), records);
    },
    queries: () => queries,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
