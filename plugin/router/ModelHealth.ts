/**
 * Per-model circuit breakers, shared by every router node of the process (like LiteLLM's
 * `allowed_fails` / `cooldown_time` and Portkey's circuit breaker). A model that fails
 * `failuresToOpen` times in a row (a hang, a try that ran out of time, counts as a failure; one
 * slow answer under a burst does not open the circuit on its own) is *open*: it is not tried for
 * a cooldown that doubles with each consecutive opening, up to `maxCooldownMs`.
 * After the cooldown it is *half-open*: one request at a time probes it; a success closes the
 * circuit, a failure opens it again. A model that recovered therefore serves again within
 * `maxCooldownMs` plus one request.
 */

export type CircuitState = 'closed' | 'open' | 'half-open'

/** The failure codes that count against a model (the proxy's own failures and bad requests do not). */
const MODEL_FAILURES = new Set(['timeout', 'upstream', 'rate_limited', 'stream_broken'])

export interface HealthSettings {
    /** Consecutive failures that open the circuit. */
    readonly failuresToOpen: number
    /** First cooldown (ms). */
    readonly cooldownMs: number
    /** Longest cooldown (ms). */
    readonly maxCooldownMs: number
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = { failuresToOpen: 3, cooldownMs: 5_000, maxCooldownMs: 15_000 }

interface Circuit {
    consecutiveFailures: number
    /** Openings since the last success. */
    openings: number
    openUntil: number
    /** A probe is in flight (half-open). */
    probing: boolean
    lastFailure?: string
}

/** How a model stands for one request. */
export interface HealthView {
    readonly model: string
    readonly state: CircuitState
    /** Until when the circuit stays open (ms on the health clock), when open. */
    readonly openForMs?: number
    readonly lastFailure?: string
}

/** A change another replica should know about (see `RedisHealthSync`). */
export interface CircuitOpened {
    readonly model: string
    /** How long it stays open from now (ms). */
    readonly cooldownMs: number
    readonly reason: string
}

export class ModelHealth {
    private readonly circuits = new Map<string, Circuit>()
    /** Told when this process opens a circuit (to share it with other replicas). */
    onOpened?: (event: CircuitOpened) => void

    constructor(
        readonly settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
        private readonly now: () => number = () => performance.now()
    ) {}

    private circuit(model: string): Circuit {
        let circuit = this.circuits.get(model)
        if (!circuit) this.circuits.set(model, (circuit = { consecutiveFailures: 0, openings: 0, openUntil: 0, probing: false }))
        return circuit
    }

    /** The state of `model` now. */
    view(model: string): HealthView {
        const circuit = this.circuits.get(model)
        if (!circuit || circuit.openUntil === 0) return { model, state: 'closed' }
        const left = circuit.openUntil - this.now()
        if (left > 0) return { model, state: 'open', openForMs: Math.round(left), lastFailure: circuit.lastFailure }
        return { model, state: 'half-open', lastFailure: circuit.lastFailure }
    }

    /**
     * Whether a request may try `model` now: always when closed; never while open; when
     * half-open, only if no other probe is in flight (it then becomes the probe).
     */
    tryAcquire(model: string): boolean {
        const view = this.view(model)
        if (view.state === 'closed') return true
        if (view.state === 'open') return false
        const circuit = this.circuit(model)
        if (circuit.probing) return false
        circuit.probing = true
        return true
    }

    /** A try of `model` succeeded. */
    recordSuccess(model: string): void {
        const circuit = this.circuits.get(model)
        if (!circuit) return
        circuit.consecutiveFailures = 0
        circuit.openings = 0
        circuit.openUntil = 0
        circuit.probing = false
        circuit.lastFailure = undefined
    }

    /** A try of `model` failed with `code`; codes that are not the model's fault only end a probe. */
    recordFailure(model: string, code: string): void {
        const circuit = this.circuit(model)
        const wasProbe = circuit.probing
        circuit.probing = false
        if (!MODEL_FAILURES.has(code)) return
        circuit.consecutiveFailures++
        circuit.lastFailure = code
        if (wasProbe || circuit.consecutiveFailures >= this.settings.failuresToOpen) {
            const cooldownMs = Math.min(this.settings.cooldownMs * 2 ** circuit.openings, this.settings.maxCooldownMs)
            this.open(circuit, cooldownMs)
            this.onOpened?.({ model, cooldownMs, reason: code })
        }
    }

    /** A try of `model` ended without a verdict (the caller went away): frees the probe. */
    release(model: string): void {
        const circuit = this.circuits.get(model)
        if (circuit) circuit.probing = false
    }

    /** Opens `model`'s circuit for `cooldownMs` because another replica did. */
    applyRemote(event: CircuitOpened): void {
        const circuit = this.circuit(event.model)
        circuit.lastFailure = event.reason
        if (this.now() + event.cooldownMs > circuit.openUntil) this.open(circuit, event.cooldownMs)
    }

    private open(circuit: Circuit, cooldownMs: number): void {
        circuit.openings++
        circuit.consecutiveFailures = 0
        circuit.openUntil = this.now() + cooldownMs
    }
}
