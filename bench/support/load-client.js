/**
 * A load generator in a process of its own (its own event loop; autocannon in a worker thread answers
 * in its own encoded form), so that what it measures is the service's time, not time spent waiting for
 * the bench's loop. The bench sends one job; autocannon runs it and the process sends back the summary
 * and, with `track`, every response's finish time (milliseconds since the epoch, as
 * `performance.timeOrigin + performance.now()` gives in any process) and latency, so a bench can look
 * at a window of the run. 'stop' ends the job early.
 */
'use strict';
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');

process.once('message', (job) => {
  const now = () => performance.timeOrigin + performance.now();
  const track = [];
  const instance = autocannon(
    { url: job.url, method: job.method ?? 'GET', headers: job.headers ?? {}, body: job.body, connections: job.connections, duration: job.duration, pipelining: 1 },
    (err, result) => {
      if (err) process.send({ error: String(err) }, () => process.exit(1));
      else process.send({ result: { requests: result.requests, latency: result.latency, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, duration: result.duration }, track }, () => process.exit(0));
    },
  );
  if (job.track) instance.on('response', (_client, status, _bytes, ms) => track.push([now(), ms, status]));
  process.on('message', (m) => m === 'stop' && instance.stop());
});
