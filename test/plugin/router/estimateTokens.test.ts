import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import { estimatePromptTokens, mediaNeeds } from '../../../plugin/router/estimateTokens'

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
        assert.deepEqual(mediaNeeds([message]), ['vision'])
        assert.deepEqual(mediaNeeds([new HumanMessage('plain')]), [])
    })
    it('audio and file parts need their own capabilities', () => {
        const message = new HumanMessage({
            content: [
                { type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } },
                { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,AA==' } }
            ]
        })
        assert.deepEqual(mediaNeeds([message]).sort(), ['audio', 'file'])
    })
})
