// First: a proxy variable that a module below would choke on as it loads is reported as such.
import './action/preflight.js'
import { runAsProcess } from './action/lifecycle.js'
import { defaultDependencies, run } from './action/main.js'

runAsProcess((lifecycle) => run(defaultDependencies(), lifecycle))
