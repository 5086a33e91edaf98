import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/file-environment.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One DynamoDB Local and one SES inbox serve every file; files run one after another in
    // two workers at most, as the CI machine has two cores.
    maxWorkers: 2,
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1',
    },
  },
});
