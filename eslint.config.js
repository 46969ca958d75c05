import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The layers of src/ and the folders each may import from (docs/design.md,
 * "Layers"). A layer may always import from itself and from the shared
 * leaves, the files directly in src/ (src/index.ts, the action's process
 * entry, is no leaf and no layer). Every other folder of this table is
 * refused: an import that runs against the drawn direction fails the lint.
 */
export const LAYERS = {
  core: [],
  cloud: [],
  sources: ['core', 'cloud'],
  sinks: ['core'],
  gate: ['sources', 'sinks', 'core', 'cloud'],
  action: ['gate', 'sources', 'sinks', 'core', 'cloud'],
  cli: ['gate', 'sources', 'sinks', 'core', 'cloud']
}

/** What the pure core may not reach for, beside the layers above it. */
const CORE_IO_MODULES = [
  'node:fs',
  'node:fs/promises',
  'node:path',
  'node:net',
  'node:http',
  'node:https',
  'node:child_process',
  '@actions/core',
  '@actions/github'
]

/** Matches an import specifier that names one of `folders` (relative, as src/ writes them). */
const folderPattern = (folders) => `(^|/)(${folders.join('|')})/`

/**
 * No module of src/ passes on what another defines (`export … from`,
 * `export { imported }`): every name is imported from the module that
 * defines it, so the import graph the layers and docs/design.md count is
 * the real one. Part of the same rule as the dynamic imports, since a later
 * setting of a rule replaces an earlier one.
 */
const REEXPORT = {
  selector: 'ExportAllDeclaration, ExportNamedDeclaration[declaration=null]',
  message: 'src/ re-exports nothing: import a name from the module that defines it.'
}

/** Both kinds of import, static and dynamic, refused by one pattern. */
function boundaryRules(refused, message, modules = { names: [], message: '' }) {
  const pattern = folderPattern(refused)
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: modules.names.map((name) => ({ name, message: modules.message })),
        patterns: [{ regex: pattern, message }]
      }
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: `ImportExpression[source.value=/${pattern.replaceAll('/', '\\/')}/]`,
        message
      },
      REEXPORT
    ]
  }
}

const layerBoundaries = [
  {
    files: ['src/*.ts'],
    ignores: ['src/index.ts'],
    rules: boundaryRules(
      Object.keys(LAYERS),
      'a shared leaf of src/ imports only other leaves (see "Layers" in docs/design.md).'
    )
  },
  ...Object.entries(LAYERS).map(([layer, allowed]) => {
    const refused = Object.keys(LAYERS).filter(
      (other) => other !== layer && !allowed.includes(other)
    )
    const may = ['its own folder', ...allowed.map((other) => `${other}/`)].join(', ')
    const message = `src/${layer}/ may import only from ${may} and the leaves of src/ (see "Layers" in docs/design.md).`
    return {
      files: [`src/${layer}/**/*.ts`],
      rules: {
        ...boundaryRules(
          refused,
          message,
          layer === 'core'
            ? {
                names: CORE_IO_MODULES,
                message:
                  'the core does no I/O: files, paths, the network and the runner belong to src/gate/ or the front ends (see "Layers" in docs/design.md).'
              }
            : undefined
        ),
        ...(layer === 'core' && {
          'no-restricted-globals': [
            'error',
            {
              name: 'process',
              message: 'the core reads no environment: its caller passes what it needs.'
            }
          ]
        })
      }
    }
  })
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        URL: 'readonly',
        performance: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  ...layerBoundaries
)
