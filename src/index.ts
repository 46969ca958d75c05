import { runAsProcess } from './action/lifecycle.js'
import { defaultDependencies, run } from './action/main.js'

runAsProcess((lifecycle) => run(defaultDependencies(), lifecycle))
