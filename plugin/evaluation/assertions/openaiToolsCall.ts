import { z } from 'zod'
import { extractJson } from './extractJson'
import { compileSchema, describeSchemaErrors } from './schemaValidators'
import { binary, type AssertionDefinition } from './types'

const toolSchema = z
    .object({
        type: z.literal('function').optional(),
        function: z.object({ name: z.string().min(1), parameters: z.record(z.unknown()).optional() }).passthrough()
    })
    .passthrough()

const toolsCallSchema = z
    .object({
        type: z.literal('is-valid-openai-tools-call'),
        /** The tools offered (OpenAI's `tools` format); without them only the shape of the calls is checked. */
        tools: z.array(toolSchema).optional()
    })
    .strict()

export type OpenAiToolsCallSpec = z.infer<typeof toolsCallSchema>

type Call = { function?: { name?: unknown; arguments?: unknown } }

/**
 * The output (JSON: a list of OpenAI tool calls, one call, or `{tool_calls: […]}`) calls only
 * offered tools, each with arguments that parse as JSON and match the tool's parameter schema.
 */
export const openAiToolsCall: AssertionDefinition<OpenAiToolsCallSpec> = {
    type: 'is-valid-openai-tools-call',
    summary: 'the output is OpenAI tool calls whose names and arguments match the offered tools',
    schema: toolsCallSchema,
    async evaluate(spec, output) {
        const json = extractJson(output)
        if (!json.ok) return binary('is-valid-openai-tools-call', false, json.reason)
        const value = json.value as { tool_calls?: unknown } | null
        const calls: unknown[] = Array.isArray(value) ? value : value && Array.isArray(value.tool_calls) ? value.tool_calls : [value]
        if (calls.length === 0) return binary('is-valid-openai-tools-call', false, 'the output has no tool call')
        for (const [i, raw] of calls.entries()) {
            const problem = checkCall(raw as Call, spec.tools)
            if (problem) return binary('is-valid-openai-tools-call', false, `tool call ${i + 1}: ${problem}`)
        }
        return binary('is-valid-openai-tools-call', true, `${calls.length} valid tool call(s)`)
    }
}

const checkCall = (call: Call, tools: OpenAiToolsCallSpec['tools']): string | undefined => {
    const name = call?.function?.name
    if (typeof name !== 'string') return 'no `function.name`'
    let args: unknown = call.function?.arguments ?? {}
    if (typeof args === 'string') {
        try {
            args = JSON.parse(args)
        } catch {
            return `the arguments of ${name} are not JSON`
        }
    }
    if (!tools) return undefined
    const tool = tools.find((t) => t.function.name === name)
    if (!tool) return `${name} is not one of the offered tools (${tools.map((t) => t.function.name).join(', ')})`
    if (!tool.function.parameters) return undefined
    const validate = compileSchema(tool.function.parameters)
    return validate(args) ? undefined : `the arguments of ${name} do not match its parameters: ${describeSchemaErrors(validate)}`
}
