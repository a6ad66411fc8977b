// Run as a child process by the store tests: opens the store on a database (several of these
// start at once on a fresh file), records one run, and exits 0; a failure exits 1 with the reason.
import { openEvaluationStore, type EvaluationDatabaseConfig } from '../../../plugin/evaluation/store/openEvaluationDatabase'
import { tinySuite } from '../evaluation'

const main = async () => {
    const [configJson, runId] = process.argv.slice(2)
    const store = await openEvaluationStore(JSON.parse(configJson) as EvaluationDatabaseConfig)
    await store.createRun({ id: runId, suite: tinySuite(), trigger: 'manual', models: ['m'], startedAt: Date.now() })
    await store.close()
}
main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
})
