import type { CatalogEntry } from '../capabilities/types'
import type { NodeRisk } from './securityLevel'

/** Stock nodes that run code their inputs hold, or run other flows (chosen by name: their classes say nothing about it). */
const RUNS_CODE = new Set([
    'customTool',
    'codeInterpreterE2B',
    'customFunction',
    'customFunctionAgentflow',
    'executeFlowAgentflow',
    'chatflowTool',
    'agentAsTool',
    'ifElseFunction',
    'customMCP',
    'customDocumentLoader'
])
/** Stock nodes that reach URLs their inputs (or the model) choose. */
const REACHES_URLS = new Set([
    'requestsGet',
    'requestsPost',
    'requestsPut',
    'requestsDelete',
    'webBrowser',
    'webScraperTool',
    'openAPIToolkit',
    'httpAgentflow',
    'cheerioWebScraper',
    'puppeteerWebScraper',
    'playwrightWebScraper',
    'apiLoader'
])
const TOUCHES_FILES = new Set(['readFile', 'writeFile', 'folderFiles'])

/** What a node may do that a generated flow must not do unasked (none for ordinary nodes). */
export const nodeRisks = (entry: Pick<CatalogEntry, 'name' | 'category'>): NodeRisk[] => [
    ...(RUNS_CODE.has(entry.name) || entry.category === 'Tools (MCP)' ? (['runs-code'] as const) : []),
    ...(REACHES_URLS.has(entry.name) ? (['reaches-urls'] as const) : []),
    ...(TOUCHES_FILES.has(entry.name) ? (['touches-files'] as const) : [])
]
