import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withoutTrailingSlashes } from '../../../plugin/text/withoutTrailingSlashes'

describe('withoutTrailingSlashes', () => {
    it('drops only the slashes at the end', () => {
        assert.equal(withoutTrailingSlashes('http://h:4000/litellm///'), 'http://h:4000/litellm')
        assert.equal(withoutTrailingSlashes('http://h:4000'), 'http://h:4000')
        assert.equal(withoutTrailingSlashes('///'), '')
        assert.equal(withoutTrailingSlashes(''), '')
    })

    it('takes linear time on a long run of slashes that does not end the text', () => {
        const text = 'http://h/' + '/'.repeat(1_000_000) + 'x'
        const started = performance.now()
        assert.equal(withoutTrailingSlashes(text), text)
        assert.ok(performance.now() - started < 100)
    })
})
