// First: a proxy variable that a module below would choke on as it loads is reported as such.
import './action/preflight.js'
import { runAsProcess } from './gate/lifecycle.js'
import { run } from './action/main.js'

runAsProcess((lifecycle) => run(lifecycle))
