import type { BaseMessage } from '@langchain/core/messages'
import type { Capability } from './types'

/** Tokens counted per message for role and framing, as OpenAI's chat format does. */
const PER_MESSAGE_OVERHEAD = 4
/** Characters per token: English averages about four with OpenAI's and Anthropic's tokenizers. */
const CHARS_PER_TOKEN = 4
/** A fixed budget for an image part: the price of a low-detail image in OpenAI's scheme. */
const IMAGE_TOKENS = 85

/**
 * A fast estimate of a prompt's tokens, for routing only (cost limits, context windows). It runs
 * on every request, so it avoids a real tokenizer (which costs milliseconds on long prompts);
 * billing uses the usage the proxy reports.
 */
export const estimatePromptTokens = (messages: readonly BaseMessage[]): number => {
    let tokens = 0
    for (const message of messages) {
        tokens += PER_MESSAGE_OVERHEAD
        const content = message.content
        if (typeof content === 'string') {
            tokens += Math.ceil(content.length / CHARS_PER_TOKEN)
            continue
        }
        for (const part of content) {
            if (part.type === 'text' && typeof part.text === 'string') tokens += Math.ceil(part.text.length / CHARS_PER_TOKEN)
            else if (isImagePart(part)) tokens += IMAGE_TOKENS
        }
    }
    return tokens
}

/** Whether a message content part carries an image. */
export const isImagePart = (part: { type?: string }): boolean => part.type === 'image_url' || part.type === 'image'

/** The capability a content part needs of a model, if any: images need vision, audio and files their own. */
const partNeeds = (part: { type?: string }): Capability | undefined =>
    isImagePart(part)
        ? 'vision'
        : part.type === 'input_audio' || part.type === 'audio'
          ? 'audio'
          : part.type === 'file'
            ? 'file'
            : undefined

/** The capabilities the messages' content parts need: a candidate without one of them is excluded, not sent. */
export const mediaNeeds = (messages: readonly BaseMessage[]): Capability[] => {
    const needs = new Set<Capability>()
    for (const message of messages) {
        if (!Array.isArray(message.content)) continue
        for (const part of message.content) {
            const need = partNeeds(part)
            if (need) needs.add(need)
        }
    }
    return [...needs]
}
