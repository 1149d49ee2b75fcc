/** Unit + integration tests (node) and browser end-to-end tests (node + Chromium) as two projects. */
const ts = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: false }] };
const moduleNameMapper = {
  '^@/(.*)$': '<rootDir>/src/$1',
  '^@shared/(.*)$': '<rootDir>/src/shared/$1',
  '^@core/(.*)$': '<rootDir>/cloudfunctions/core/$1',
};

const unit = {
  displayName: 'unit',
  testEnvironment: 'node',
  transform: ts,
  moduleNameMapper,
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/cloudfunctions/**/__test__/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$', '\\.component\\.test\\.ts$', '\\.weapp\\.test\\.ts$'],
};

module.exports = {
  projects: [
    unit,
    // With TEST_DATABASE_URL the same suites run a second time on that PostgreSQL.
    ...(process.env.TEST_DATABASE_URL
      ? [{ ...unit, displayName: 'postgres', setupFiles: ['<rootDir>/tests/support/use-postgres.js'] }]
      : []),
    {
      displayName: 'component',
      testEnvironment: 'jsdom',
      transform: ts,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/**/*.component.test.ts'],
    },
    {
      // The built mini-program (dist/weapp) rendered by miniprogram-simulate, served by the local functions.
      // jsdom for the page, but node's package exports (jose, PGlite) for the functions it calls.
      displayName: 'weapp',
      testEnvironment: '<rootDir>/tests/weapp/support/environment.js',
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      transform: ts,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/weapp/**/*.weapp.test.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: ts,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
    },
  ],
  testTimeout: 60000,
};
