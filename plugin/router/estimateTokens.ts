import type { BaseMessage } from '@langchain/core/messages'

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

/** Whether any message carries an image (which requires a vision model). */
export const hasImages = (messages: readonly BaseMessage[]): boolean =>
    messages.some((m) => Array.isArray(m.content) && m.content.some((part) => isImagePart(part)))
