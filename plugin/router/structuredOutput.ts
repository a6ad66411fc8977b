import type { BaseLanguageModelInput, StructuredOutputMethodOptions } from '@langchain/core/language_models/base'
import type { BaseMessage } from '@langchain/core/messages'
import { JsonOutputParser, StructuredOutputParser } from '@langchain/core/output_parsers'
import { JsonOutputKeyToolsParser } from '@langchain/core/output_parsers/openai_tools'
import { RunnablePassthrough, RunnableSequence, type Runnable } from '@langchain/core/runnables'
import { toJsonSchema } from '@langchain/core/utils/json_schema'
import { isInteropZodSchema, type InteropZodType } from '@langchain/core/utils/types'

/** The call options `withStructuredOutput` binds: the OpenAI fields the router forwards to the proxy. */
export interface StructuredOutputBinding {
    readonly tools?: unknown[]
    readonly tool_choice?: unknown
    readonly response_format?: unknown
}

type Schema = InteropZodType | Record<string, unknown>

/**
 * The three structured-output methods of LangChain's OpenAI models, for the router:
 * - `functionCalling` (default): one tool, forced with `tool_choice` (so only tool-capable models are candidates);
 * - `jsonSchema`: OpenAI `response_format: json_schema` (only models that support response schemas);
 * - `jsonMode`: `response_format: json_object`.
 * `bind` is the model with call options bound (`withConfig`).
 */
export const structuredOutput = (
    bind: (options: StructuredOutputBinding) => Runnable<BaseLanguageModelInput, BaseMessage>,
    schema: Schema,
    config: StructuredOutputMethodOptions<boolean> = {}
): Runnable => {
    const name = config.name ?? (!isInteropZodSchema(schema) && typeof schema.title === 'string' ? schema.title : 'extract')
    const jsonSchema = isInteropZodSchema(schema) ? (toJsonSchema(schema) as Record<string, unknown>) : schema
    const jsonParser = () => (isInteropZodSchema(schema) ? StructuredOutputParser.fromZodSchema(schema) : new JsonOutputParser())
    let model: Runnable<BaseLanguageModelInput, BaseMessage>
    let parser: Runnable
    if (config.method === 'jsonMode') {
        model = bind({ response_format: { type: 'json_object' } })
        parser = jsonParser()
    } else if (config.method === 'jsonSchema') {
        model = bind({
            response_format: {
                type: 'json_schema',
                json_schema: { name, description: jsonSchema.description, schema: jsonSchema, ...(config.strict ? { strict: true } : {}) }
            }
        })
        parser = jsonParser()
    } else {
        const functionSchema =
            !isInteropZodSchema(schema) && typeof schema.name === 'string' && typeof schema.parameters === 'object'
                ? schema
                : { name, description: (jsonSchema.description as string | undefined) ?? '', parameters: jsonSchema }
        const toolName = functionSchema.name as string
        model = bind({
            tools: [{ type: 'function', function: functionSchema }],
            tool_choice: { type: 'function', function: { name: toolName } }
        })
        parser = new JsonOutputKeyToolsParser({
            returnSingle: true,
            keyName: toolName,
            ...(isInteropZodSchema(schema) ? { zodSchema: schema } : {})
        })
    }
    if (!config.includeRaw) return model.pipe(parser).withConfig({ runName: 'StructuredOutput' })
    const withParsed = RunnablePassthrough.assign({ parsed: (input: { raw: BaseMessage }, options) => parser.invoke(input.raw, options) })
    const withoutParsed = RunnablePassthrough.assign({ parsed: () => null }) as unknown as typeof withParsed
    return RunnableSequence.from([{ raw: model }, withParsed.withFallbacks({ fallbacks: [withoutParsed] })]).withConfig({
        runName: 'StructuredOutputRunnable'
    })
}
