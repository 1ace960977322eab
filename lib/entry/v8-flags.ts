// V8 settings of the server processes, set before the app is loaded (server.ts imports this first).
//
// Allocation-site pretenuring off. Once a server has kept query results alive for a while (a
// neighbour's readers waiting in the fair share's queue, a slow page), V8 starts allocating pg's
// row objects straight in the old generation. From then on every row is old at birth, its young
// field strings and Dates survive every young-generation GC through the row until a full GC, and
// each scavenge, a stop of the whole process, grows from ~2 to 10–25 ms: the tail of every other
// tenant's requests on that process. Measured with a bare pg client reading the 50-poll list
// after 2,000 results had been kept alive: scavenges 8.4 ms on average with V8's default, 1.6–2.0
// ms without pretenuring, and 512 against 553–558 queries/s (bench/README.md, "a lead found at
// the end"). QUORUM_V8_PRETENURING=1 keeps V8's default.
import v8 from 'node:v8';

if (process.env.QUORUM_V8_PRETENURING !== '1') v8.setFlagsFromString('--no-allocation-site-pretenuring');
