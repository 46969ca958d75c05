/** The static imports of src/, read from the source text (dynamic `import()` left out). */
import * as fs from 'node:fs'
import * as path from 'node:path'

const STATIC_IMPORT = /^(?:import|export)\s[^;'"]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm

/** The files `file` imports statically, as paths relative to `root` (`src/…/x.ts`). */
export function staticImportsOf(root: string, file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8')
  return [...text.matchAll(STATIC_IMPORT)].map((match) =>
    path
      .relative(root, path.resolve(path.dirname(path.join(root, file)), match[1] ?? match[2]))
      .replace(/\.js$/, '.ts')
  )
}

/** Every file reached from `entries` through static imports, the entries included. */
export function staticClosure(root: string, entries: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const pending = [...entries]
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    pending.push(...staticImportsOf(root, file))
  }
  return seen
}
