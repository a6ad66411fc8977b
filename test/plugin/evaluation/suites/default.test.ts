import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { contextForCase, gradeOutput } from '../../../../plugin/evaluation/assertions/gradeOutput'
import { defaultSuitePath, loadDefaultSuite } from '../../../../plugin/evaluation/suite/defaultSuite'
import type { ParsedSuite } from '../../../../plugin/evaluation/suite/parseSuite'
import { EVALUATION_CATEGORIES } from '../../../../plugin/evaluation/types'

/** A clearly wrong answer for every case: each must fail its case's assertions. */
const WRONG: Readonly<Record<string, string>> = {
    'reasoning.bat-and-ball': '10',
    'reasoning.widget-machines': '100',
    'reasoning.lily-pads': '24',
    'reasoning.train-arrival': '16:35',
    'reasoning.sallys-sisters': '2',
    'reasoning.weekday-in-100-days': 'Thursday',
    'reasoning.next-in-sequence': '40',
    'reasoning.syllogism': 'No',
    'reasoning.clock-angle': '0',
    'reasoning.letters-in-strawberry': '2',
    'reasoning.matching-socks': '11',
    'reasoning.anns-age': '20',
    'coding.is-palindrome': "```javascript\nfunction isPalindrome(text) { return text === text.split('').reverse().join('') }\n```",
    'coding.fizz-buzz':
        "```javascript\nfunction fizzBuzz(n) {\n  const r = []\n  for (let i = 1; i <= n; i++) r.push(i % 3 === 0 ? 'Fizz' : i % 5 === 0 ? 'Buzz' : i % 15 === 0 ? 'FizzBuzz' : String(i))\n  return r\n}\n```",
    'coding.sum-of-digits': '```javascript\nfunction sumDigits(n) { return n % 10 }\n```',
    'coding.fibonacci':
        '```javascript\nfunction fibonacci(n) { let a = 1, b = 1; for (let i = 0; i < n; i++) [a, b] = [b, a + b]; return a }\n```',
    'coding.deep-flatten': '```javascript\nfunction flatten(array) { return array.flat() }\n```',
    'coding.unique-sorted': '```javascript\nfunction uniqueSorted(numbers) { return [...new Set(numbers)].sort() }\n```',
    'coding.count-vowels': '```javascript\nfunction countVowels(text) { return (text.match(/[aeiou]/g) || []).length }\n```',
    'coding.chunk-array': '```javascript\nfunction chunk(array, size) { return [array.slice(0, size)] }\n```',
    'coding.greatest-common-divisor': '```javascript\nfunction gcd(a, b) { return Math.min(a, b) }\n```',
    'coding.roman-to-integer':
        '```javascript\nfunction romanToInt(roman) { const v = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 }; return [...roman].reduce((s, c) => s + v[c], 0) }\n```',
    'coding.is-prime': '```javascript\nfunction isPrime(n) { return n % 2 === 1 }\n```',
    'coding.binary-search-complexity': 'O(n)',
    'instruction-following.exact-ok': 'OK, sure!',
    'instruction-following.uppercase-word': 'Banana',
    'instruction-following.json-array-of-colours': 'red, green, blue',
    'instruction-following.three-lines': '1. Apple\n2. Banana\n3. Cherry',
    'instruction-following.json-object-with-keys': '{"name": "Ada", "age": 36, "city": "London"}',
    'instruction-following.no-letter-e': 'The sea is calm and blue today.',
    'instruction-following.all-lowercase': 'Paris',
    'instruction-following.five-comma-separated-words': 'cold, snowy, icy, dark',
    'instruction-following.answer-prefix': '42',
    'instruction-following.markdown-table': 'Name: Alice, Age: 30\nName: Bob, Age: 25',
    'instruction-following.number-in-range': '11',
    'instruction-following.translation-only': 'Gracias!',
    'factuality.symbol-of-gold': 'Ag',
    'factuality.capital-of-australia': 'Sydney',
    'factuality.berlin-wall': '1991',
    'factuality.largest-planet': 'Saturn',
    'factuality.boiling-point-of-water': '212',
    'factuality.author-of-pride-and-prejudice': 'Charlotte Brontë',
    'factuality.bones-in-adult-skeleton': '201',
    'factuality.speed-of-light': '186282',
    'factuality.formula-of-table-salt': 'KCl',
    'factuality.general-relativity': 'Isaac Newton',
    'factuality.atomic-number-one': 'Helium',
    'factuality.first-on-the-moon': 'Buzz Aldrin',
    'extraction.email-address': 'maria.lopez@example',
    'extraction.invoice-total': '1200',
    'extraction.iso-date': '2024-07-03',
    'extraction.person-as-json': '{"name": "John Smith", "age": "42", "city": "Denver", "occupation": "nurse"}',
    'extraction.hashtags': '["sunset", "MalibuBeach", "blessed"]',
    'extraction.phone-digits': '(415) 555-0132',
    'extraction.people-named': '["Alice", "Bob", "Carol"]',
    'extraction.url': 'https://docs.example.org/v2/start',
    'extraction.quarterly-revenue': '4.2',
    'extraction.sku-codes': '["A-7734", "KX-220-B", "MT-901-A"]',
    'extraction.citation-fields': '{"surname": "Lindqvist", "year": 2019}',
    'extraction.employee-id': '2021-04-12'
}

/** Right answers in other styles than the reference: the assertions must not be stricter than the prompt. */
const ALSO_RIGHT: readonly (readonly [string, string])[] = [
    ['reasoning.bat-and-ball', 'The ball costs 5 cents.'],
    ['reasoning.weekday-in-100-days', 'Friday.'],
    ['reasoning.clock-angle', '7.5°'],
    ['reasoning.syllogism', 'Yes.'],
    ['coding.unique-sorted', '```js\nconst uniqueSorted = (numbers) => Array.from(new Set(numbers)).sort((a, b) => a - b);\n```'],
    ['coding.fibonacci', 'function fibonacci(n) {\n  let a = 0, b = 1\n  while (n-- > 0) [a, b] = [b, a + b]\n  return a\n}'],
    [
        'coding.is-prime',
        '```javascript\nexport function isPrime(n) {\n  if (n < 2) return false\n  for (let d = 2; d <= Math.sqrt(n); d++) if (n % d === 0) return false\n  return true\n}\n```'
    ],
    ['coding.binary-search-complexity', 'O(log(n))'],
    ['instruction-following.json-array-of-colours', '```json\n["blue", "red", "green"]\n```'],
    ['instruction-following.json-object-with-keys', '{\n  "age": 36,\n  "name": "Ada"\n}'],
    ['factuality.speed-of-light', '299,792'],
    ['factuality.speed-of-light', '300,000'],
    ['factuality.boiling-point-of-water', '99.97'],
    ['factuality.first-on-the-moon', 'Neil A. Armstrong'],
    ['factuality.capital-of-australia', 'Canberra.'],
    ['extraction.invoice-total', '$1,296.00'],
    ['extraction.person-as-json', '```json\n{"name": "John Smith", "age": 42, "city": "Denver", "occupation": "Nurse"}\n```']
]

let suite: ParsedSuite
const caseById = (id: string) => {
    const found = suite.cases.find((c) => c.id === id)
    assert.ok(found, `case ${id} exists`)
    return found
}
const grade = async (id: string, output: string) => {
    const c = caseById(id)
    return gradeOutput(c.assertions, output, contextForCase(c))
}

describe('the default suite', () => {
    before(async () => {
        suite = await loadDefaultSuite()
    })

    it('is found beside the sources when running compiled code', () => {
        const file = defaultSuitePath()
        assert.ok(existsSync(file))
        assert.ok(file.endsWith(path.join('plugin', 'evaluation', 'suites', 'default.yaml')))
        assert.ok(!file.includes(`${path.sep}dist${path.sep}`), file)
    })

    it('has at least 60 cases, at least 12 in every category, with a reference each', () => {
        assert.ok(suite.cases.length >= 60, `${suite.cases.length} cases`)
        for (const category of EVALUATION_CATEGORIES) {
            const count = suite.cases.filter((c) => c.category === category).length
            assert.ok(count >= 12, `${category}: ${count} cases`)
        }
        for (const c of suite.cases) assert.ok(c.reference && c.reference.trim() !== '', `${c.id} has a reference`)
        assert.match(suite.hash, /^[0-9a-f]{64}$/)
    })

    it('uses deterministic assertions only, so it runs without a judge', () => {
        assert.equal(suite.judge, undefined)
        for (const c of suite.cases) for (const a of c.assertions) assert.notEqual(a.type, 'llm-rubric', c.id)
    })

    it("tells the model the answer's format in every prompt", () => {
        const instruction = /answer with|reply with|answer in|begin your reply|write your whole reply|and nothing else|with no numbering/i
        for (const c of suite.cases) assert.match(c.messages.at(-1)!.content, instruction, c.id)
    })

    it("passes every case's reference answer", async () => {
        for (const c of suite.cases) {
            const result = await gradeOutput(c.assertions, c.reference!, contextForCase(c))
            assert.ok(result.pass, `${c.id}: ${result.assertions.map((a) => a.reason).join(' | ')}`)
            assert.equal(result.score, 1, c.id)
        }
    })

    it('fails a clearly wrong answer to every case', async () => {
        assert.deepEqual(Object.keys(WRONG).sort(), suite.cases.map((c) => c.id).sort(), 'a wrong answer for each case')
        for (const [id, output] of Object.entries(WRONG)) {
            const result = await grade(id, output)
            assert.equal(result.pass, false, `${id} accepted the wrong answer ${JSON.stringify(output)}`)
            assert.ok(result.score! < 1, id)
        }
    })

    it('accepts right answers written differently from the reference', async () => {
        for (const [id, output] of ALSO_RIGHT) {
            const result = await grade(id, output)
            assert.ok(result.pass, `${id} rejected ${JSON.stringify(output)}: ${result.assertions.map((a) => a.reason).join(' | ')}`)
        }
    })

    // The expected values, derived again by computation instead of by hand.
    it('expects the values that computation gives', () => {
        const expected = (id: string) => {
            const spec = caseById(id).assertions[0]
            assert.equal(spec.type, 'numeric', id)
            return spec.type === 'numeric' ? spec.value : NaN
        }
        const ball = (110 - 100) / 2 // ball + (ball + 100) = 110 cents
        assert.equal(expected('reasoning.bat-and-ball'), ball)
        assert.equal(expected('reasoning.widget-machines'), 5) // one machine makes one widget in 5 minutes
        assert.equal(expected('reasoning.lily-pads'), 48 - 1)
        assert.equal(expected('reasoning.sallys-sisters'), 2 - 1) // each brother's 2 sisters include Sally
        assert.equal(expected('reasoning.next-in-sequence'), 6 * 7) // n(n + 1)
        assert.equal(expected('reasoning.clock-angle'), Math.abs(3 * 30 + 15 * 0.5 - 15 * 6))
        assert.equal(expected('reasoning.letters-in-strawberry'), [...'strawberry'].filter((ch) => ch === 'r').length)
        assert.equal(expected('reasoning.matching-socks'), 2 + 1) // two colours, pigeonhole
        const age = [...Array(100).keys()].find((a) => a + 5 === 2 * (a - 10))
        assert.equal(expected('reasoning.anns-age'), age)
        assert.equal(expected('extraction.invoice-total'), 1200 * 1.08)
        const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
        assert.equal(caseById('reasoning.weekday-in-100-days').reference, days[(3 + 100) % 7])
        const arrival = 14 * 60 + 45 + 2 * 60 + 50
        assert.equal(caseById('reasoning.train-arrival').reference, `${Math.floor(arrival / 60)}:${String(arrival % 60).padStart(2, '0')}`)
        assert.equal(caseById('instruction-following.no-letter-e').reference!.search(/e/i), -1)
    })
})
