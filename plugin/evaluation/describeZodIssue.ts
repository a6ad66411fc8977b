import type { z } from 'zod'

/**
 * Zod's issue as an instruction to the suite's author: the missing or misspelt field by name,
 * the expected type in words, and the allowed fields when there is an unknown one.
 */
export const describeZodIssue = (issue: z.ZodIssue, allowedFields: readonly string[]): string => {
    const field = issue.path.length > 0 ? `\`${String(issue.path[issue.path.length - 1])}\`` : 'the document'
    switch (issue.code) {
        case 'invalid_type':
            if (issue.received === 'undefined') return issue.message !== 'Required' ? issue.message : `missing required field ${field}`
            return issue.message.startsWith('Expected ')
                ? `${field} must be ${article(issue.expected)}, not ${article(issue.received)}`
                : issue.message
        case 'unrecognized_keys':
            return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')} (a typo?); allowed here: ${allowedFields.join(', ')}`
        default:
            return issue.message
    }
}

const article = (type: string) =>
    type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : type === 'null' ? 'null' : `a ${type}`
