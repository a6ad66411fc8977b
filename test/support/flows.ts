import { createFlowNode } from '../../plugin/flow/createFlowNode'
import type { FlowData, FlowEdge, FlowNode } from '../../plugin/flow/flowData'
import { instanceReference } from '../../plugin/flow/handles'
import type { CapabilityCatalog } from '../../plugin/capabilities/CapabilityCatalog'

/**
 * Connects `source`'s first output to `target`'s input `inputName` as the canvas does: an edge,
 * and the instance reference in the target's `data.inputs` (appended for list inputs).
 */
export const connectNodes = (source: FlowNode, target: FlowNode, inputName: string): FlowEdge => {
    const anchor = (target.data.inputAnchors as { id: string; name: string; list?: boolean }[]).find((a) => a.name === inputName)
    if (!anchor) throw new Error(`${target.id} has no input anchor ${inputName}`)
    const outputs = source.data.outputAnchors as { id?: string; options?: { id: string }[] }[]
    const sourceHandle = outputs[0].id ?? outputs[0].options![0].id
    const inputs = (target.data.inputs ??= {})
    inputs[inputName] = anchor.list
        ? [...((inputs[inputName] as string[]) ?? []), instanceReference(source.id)]
        : instanceReference(source.id)
    return {
        id: `${source.id}-${sourceHandle}-${target.id}-${anchor.id}`,
        source: source.id,
        sourceHandle,
        target: target.id,
        targetHandle: anchor.id,
        type: 'buttonedge'
    }
}

/** Builds hand-made flows from the real node definitions, connected the way the canvas connects them. */
export class FlowBuilder {
    private readonly nodes: FlowNode[] = []
    private readonly edges: FlowEdge[] = []

    constructor(private readonly catalog: CapabilityCatalog) {}

    add(name: string, id: string, inputs: Record<string, unknown> = {}): this {
        const definition = this.catalog.get(name)
        if (!definition) throw new Error(`unknown node ${name}`)
        this.nodes.push(createFlowNode(definition, id, { x: this.nodes.length * 300, y: 0 }, inputs))
        return this
    }

    /** Connects `sourceId`'s first output to `targetId`'s input `inputName`. */
    connect(sourceId: string, targetId: string, inputName: string): this {
        const source = this.nodes.find((n) => n.id === sourceId)!
        const target = this.nodes.find((n) => n.id === targetId)!
        this.edges.push(connectNodes(source, target, inputName))
        return this
    }

    build(): FlowData {
        return structuredClone({ nodes: this.nodes, edges: this.edges })
    }
}

/** An LLM chain on the router node: the smallest flow that runs end to end here. */
export const routerChain = (catalog: CapabilityCatalog, routerInputs: Record<string, unknown> = {}, template = 'Q: {question}') =>
    new FlowBuilder(catalog)
        .add('promptTemplate', 'promptTemplate_0', { template, promptValues: '' })
        .add('liteLLMRouter', 'liteLLMRouter_0', { candidateModels: '["budget"]', temperature: 0, ...routerInputs })
        .add('llmChain', 'llmChain_0')
        .connect('liteLLMRouter_0', 'llmChain_0', 'model')
        .connect('promptTemplate_0', 'llmChain_0', 'prompt')

/** An LLM chain on Flowise's stock LiteLLM node, calling `model` at `basePath`. */
export const litellmChain = (catalog: CapabilityCatalog, basePath: string, model = 'budget') =>
    new FlowBuilder(catalog)
        .add('promptTemplate', 'promptTemplate_0', { template: 'Q: {question}', promptValues: '' })
        .add('chatLitellm', 'chatLitellm_0', { basePath, modelName: model, temperature: 0, streaming: true })
        .add('llmChain', 'llmChain_0')
        .connect('chatLitellm_0', 'llmChain_0', 'model')
        .connect('promptTemplate_0', 'llmChain_0', 'prompt')

/**
 * A tool agent (router model, buffer memory) given the same calculator tool twice, plus an
 * unused prompt template: work for the unreachable-node, duplicate and cache passes.
 */
export const toolAgentWithDuplicates = (catalog: CapabilityCatalog) =>
    new FlowBuilder(catalog)
        .add('calculator', 'calculator_0')
        .add('calculator', 'calculator_1')
        .add('liteLLMRouter', 'liteLLMRouter_0', { candidateModels: '["budget"]', temperature: 0, streaming: false })
        .add('bufferMemory', 'bufferMemory_0')
        .add('promptTemplate', 'promptTemplate_0', { template: 'left over: {question}' })
        .add('toolAgent', 'toolAgent_0')
        .connect('calculator_0', 'toolAgent_0', 'tools')
        .connect('calculator_1', 'toolAgent_0', 'tools')
        .connect('liteLLMRouter_0', 'toolAgent_0', 'model')
        .connect('bufferMemory_0', 'toolAgent_0', 'memory')

/** A tool agent on the router model, with buffer memory, given one tool node. */
export const toolAgentWith = (
    catalog: CapabilityCatalog,
    toolNode: string,
    toolInputs: Record<string, unknown>,
    routerInputs: Record<string, unknown> = { candidateModels: '["budget"]' }
) =>
    new FlowBuilder(catalog)
        .add(toolNode, `${toolNode}_0`, toolInputs)
        .add('liteLLMRouter', 'liteLLMRouter_0', { streaming: false, ...routerInputs })
        .add('bufferMemory', 'bufferMemory_0')
        .add('toolAgent', 'toolAgent_0')
        .connect(`${toolNode}_0`, 'toolAgent_0', 'tools')
        .connect('liteLLMRouter_0', 'toolAgent_0', 'model')
        .connect('bufferMemory_0', 'toolAgent_0', 'memory')
