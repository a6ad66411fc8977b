// Run as a child process by the store tests: records results one by one, printing the count
// after each, until it is killed.
import { EvaluationStore } from '../../../plugin/evaluation/store/EvaluationStore'
import { openEvaluationDatabase, type EvaluationDatabaseConfig } from '../../../plugin/evaluation/store/openEvaluationDatabase'
import { caseResult } from '../evaluation'

const main = async () => {
    const [configJson, runId] = process.argv.slice(2)
    const store = await EvaluationStore.open(await openEvaluationDatabase(JSON.parse(configJson) as EvaluationDatabaseConfig))
    for (let i = 0; ; i++) {
        await store.recordResult(caseResult({ runId, model: 'm', caseId: `case-${i}`, output: `output ${i}` }))
        process.stdout.write(`recorded ${i + 1}\n`)
    }
}
void main()
