/**
 * Mutation testing (`npm run mutate`, not part of `npm test`) of the files
 * where a bug is a wrong verdict: evaluation and policy, complete reads and
 * merging, reference matching, scan freshness, secrets and the outcome.
 *
 * - Only the in-process tests run (test/e2e/ runs the bundle in child
 *   processes, where a mutant of src/ never reaches), each mutant against
 *   the tests that cover it (perTest coverage), two at a time for 2 cores.
 * - Incremental: results are kept in reports/stryker-incremental.json and a
 *   later run tests again only the mutants whose code or tests changed.
 * - src/gate/lifecycle.ts is left out on purpose: it is tested only as a
 *   process (test/e2e/process-wrapper.test.ts), where Stryker cannot switch
 *   its mutants on; its safety mutants are applied by hand there.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: { testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'] },
    enableFindRelatedTests: true
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/core/evaluate.ts',
    'src/core/policy.ts',
    'src/core/outcome.ts',
    'src/core/levels.ts',
    'src/core/image-reference.ts',
    'src/core/registry-reference.ts',
    'src/sources/paged-read.ts',
    'src/sources/settle.ts',
    'src/sources/image-source.ts',
    'src/sources/tcss/registry-rows.ts',
    'src/sources/tcss/virus-list.ts',
    'src/sources/tcss/scan-times.ts',
    'src/secrets.ts'
  ],
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  ignorePatterns: ['bench', 'coverage', 'reports', '.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  timeoutMS: 20000,
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' }
}
