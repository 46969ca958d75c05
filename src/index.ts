import { runAsProcess } from './lifecycle.js'
import { defaultDependencies, run } from './main.js'

runAsProcess((lifecycle) => run(defaultDependencies(), lifecycle))
