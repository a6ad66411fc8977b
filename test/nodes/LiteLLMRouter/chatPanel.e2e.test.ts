import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { ROOT } from '../../../scripts/lib/paths'
import { launchChromium, signIn } from '../../support/browser'
import { realCatalog } from '../../support/catalog'
import { type TestFlowise, startTestFlowise } from '../../support/flowise'
import { routerChain } from '../../support/flows'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

const OUTPUT_DIR = path.join(ROOT, 'test-output', 'ui')
/** The chip Flowise's chat panel draws for the router's decision (a used tool). */
const CHIP = 'LiteLLM Router → standard'

let stack: TestStack
let flowise: TestFlowise
let browser: Browser
let page: Page

/** Opens the canvas's chat panel with the chat button, as a person does. */
const openChat = async (chatflowId: string) => {
    await page.goto(`${flowise.server.url}/canvas/${chatflowId}`)
    await page.click('button[aria-label="chat"]', { timeout: 60_000 })
    await page.waitForSelector('textarea[placeholder^="Type your question"]', { timeout: 30_000 })
}

describe("The routing decision in Flowise's own chat panel, in a real browser (issue 13 §4)", { timeout: 300_000 }, () => {
    before(async () => {
        mkdirSync(OUTPUT_DIR, { recursive: true })
        stack = await startTestStack()
        flowise = await startTestFlowise({ LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey })
        browser = await launchChromium()
        page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
        await signIn(page, flowise.server.url)
    })
    after(async () => {
        await browser?.close()
        await flowise?.stop()
        await stack?.stop()
    })

    it('shows the chip on a streamed answer, opens the decision on click, and keeps it in the history', async () => {
        stack.provider.script(upstream('budget'), { failWith: { status: 503 } })
        stack.provider.script(upstream('standard'), {
            reply: 'an answer from the routed model',
            usage: { prompt_tokens: 30, completion_tokens: 6 }
        })
        const flow = routerChain(await realCatalog(), {
            candidateModels: '["budget","standard","premium"]',
            strategy: 'cost-based',
            maxCostPerRequest: 0.005,
            streaming: true
        }).build()
        const id = await flowise.client.createChatflow('chat panel chip', flow.nodes, flow.edges)

        await openChat(id)
        await page.fill('textarea[placeholder^="Type your question"]', 'which model answers?')
        await page.keyboard.press('Enter')
        await page.getByText('an answer from the routed model').waitFor({ timeout: 60_000 })
        const chip = page.getByText(CHIP, { exact: true })
        await chip.waitFor({ timeout: 30_000 })
        await page.screenshot({ path: path.join(OUTPUT_DIR, 'chat-panel-chip.png') })

        // Flowise's used-tool dialog shows what the chip carries: the decision in words.
        await chip.click()
        const dialog = page.getByRole('dialog').filter({ hasText: 'Used Tools' })
        await dialog.waitFor({ timeout: 30_000 })
        const shown = (await dialog.textContent()) ?? ''
        assert.match(shown, /standard \(cost-based; max cost \$0\.005\)/)
        assert.match(shown, /30 in \/ 6 out tokens/)
        assert.match(shown, /after budget \(503/)
        await page.screenshot({ path: path.join(OUTPUT_DIR, 'chat-panel-decision.png') })
        await page.keyboard.press('Escape')

        // A fresh page reads the chat history from Flowise's database: the stored message keeps the chip.
        await openChat(id)
        await page.getByText('an answer from the routed model').waitFor({ timeout: 60_000 })
        assert.equal(await page.getByText(CHIP, { exact: true }).count(), 1)
    })
})
