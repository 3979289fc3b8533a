// lib.mjs — shared pieces of the gateway's client tests: settings from the
// environment, named checks that report what did not hold, and small HTTP
// functions. Every script exits non-zero when any check failed.
//
// Environment (set by tests/upstream/harness.bash):
//   SW_BASE      base URL the clients talk to (the gateway, or the model
//                server stand-in itself for the format checks)
//   SW_KEY       an API key for SW_BASE
//   SW_UPSTREAM  base URL of the stand-in (its /control endpoint)
//   SW_UPSTREAM_LOG  the stand-in's request log (JSON lines)
//   SW_MODEL     a model the key's tier may use

import fs from 'node:fs';

export const env = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    console.error(`FAIL: environment variable ${name} is not set`);
    process.exit(2);
  }
  return v;
};

const failures = [];
let passed = 0;
const script = process.argv[1].split('/').pop();

export async function check(name, fn) {
  const t0 = performance.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Math.round(performance.now() - t0)} ms)`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}: ${e && e.message ? e.message : e}`);
    if (process.env.SW_TEST_VERBOSE && e && e.stack) console.log(e.stack);
  }
}

export function finish() {
  if (failures.length) {
    console.log(`${script}: ${failures.length} of ${failures.length + passed} checks failed: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log(`${script}: all ${passed} checks passed`);
  process.exit(0);
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

export function eq(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Expects fn to throw an instance of cls with the given status; returns the error.
export async function expectError(fn, cls, status, what) {
  let err = null;
  try {
    const r = await fn();
    if (r && typeof r[Symbol.asyncIterator] === 'function') for await (const _ of r) { /* drain */ }
  } catch (e) {
    err = e;
  }
  if (!err) throw new Error(`${what}: expected ${cls.name} (${status}), the request succeeded`);
  if (!(err instanceof cls))
    throw new Error(`${what}: expected ${cls.name} (${status}), got ${err.constructor.name} (status ${err.status}): ${err.message}`);
  if (status !== undefined && err.status !== status)
    throw new Error(`${what}: expected status ${status}, got ${err.status}: ${err.message}`);
  return err;
}

// The stand-in's request log, parsed.
export function upstreamLog() {
  const file = env('SW_UPSTREAM_LOG');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export async function upstreamControl(settings) {
  const base = env('SW_UPSTREAM');
  const r = await fetch(`${base}/control`, settings === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings),
  });
  if (!r.ok) throw new Error(`stand-in /control: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function upstreamReset() {
  const r = await fetch(`${env('SW_UPSTREAM')}/control/reset`, { method: 'POST' });
  if (!r.ok) throw new Error(`stand-in /control/reset: ${r.status}`);
}

// A unique marker to find one request in the stand-in's log.
export const marker = (tag) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export function findForwarded(mark) {
  return upstreamLog().filter((l) => JSON.stringify(l.body ?? '').includes(mark));
}

// Parses a JSON error body, or throws naming the status and text.
export async function jsonBody(res, what) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what}: body is not JSON (status ${res.status}, content-type ${res.headers.get('content-type')}): ${text.slice(0, 200)}`);
  }
}
