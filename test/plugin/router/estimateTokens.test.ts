import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import { estimatePromptTokens, hasImages } from '../../../plugin/router/estimateTokens'

describe('estimatePromptTokens', () => {
    it('counts about four characters per token plus a per-message overhead', () => {
        assert.equal(estimatePromptTokens([new SystemMessage('x'.repeat(40)), new HumanMessage('y'.repeat(7))]), 4 + 10 + 4 + 2)
    })
    it('budgets a fixed amount per image and detects images', () => {
        const message = new HumanMessage({
            content: [
                { type: 'text', text: 'abcd' },
                { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }
            ]
        })
        assert.equal(estimatePromptTokens([message]), 4 + 1 + 85)
        assert.equal(hasImages([message]), true)
        assert.equal(hasImages([new HumanMessage('plain')]), false)
    })
})
