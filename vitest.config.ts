import { defineConfig } from 'vitest/config';

// Tests run once on the embedded defaults (PGlite, in-memory cache) and, when
// DATABASE_URL and REDIS_URL are set, once more against the real services. In
// CI the real services are required: a missing URL fails the run.
const services = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (process.env.CI && !services) {
  throw new Error('CI requires DATABASE_URL and REDIS_URL (see .ci/run); refusing to run without the real services.');
}

const shared = {
  include: ['test/**/*.test.ts'],
  // Logs would drown the test output; tests that check logs raise the level themselves.
  env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'embedded', env: { ...shared.env, DATABASE_URL: '', REDIS_URL: '', TRACKGRAPH_BACKEND: 'embedded' } } },
      ...(services ? [{ test: { ...shared, name: 'services', env: { ...shared.env, TRACKGRAPH_BACKEND: 'services' } } }] : []),
    ],
  },
});
