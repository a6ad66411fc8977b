/**
 * The evaluation tables, in SQL that SQLite and PostgreSQL both accept. Times are BIGINT
 * milliseconds since the epoch; JSON columns are TEXT. The tables are prefixed so that they
 * can live in Flowise's own PostgreSQL database beside its tables.
 */
export const SCHEMA_STATEMENTS: readonly string[] = [
    `CREATE TABLE IF NOT EXISTS orquesta_eval_runs (
        id VARCHAR(64) PRIMARY KEY,
        suite_name TEXT NOT NULL,
        suite_hash VARCHAR(64) NOT NULL,
        suite TEXT NOT NULL,
        trigger_name VARCHAR(64) NOT NULL,
        slot_key VARCHAR(255) UNIQUE,
        models TEXT NOT NULL,
        status VARCHAR(16) NOT NULL,
        expected_results INTEGER NOT NULL,
        started_at BIGINT NOT NULL,
        heartbeat_at BIGINT NOT NULL,
        finished_at BIGINT,
        error TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS orquesta_eval_runs_started ON orquesta_eval_runs (started_at)`,
    `CREATE TABLE IF NOT EXISTS orquesta_eval_results (
        run_id VARCHAR(64) NOT NULL REFERENCES orquesta_eval_runs (id),
        model VARCHAR(255) NOT NULL,
        case_id VARCHAR(255) NOT NULL,
        repeat_index INTEGER NOT NULL,
        category VARCHAR(40) NOT NULL,
        output TEXT,
        assertions TEXT NOT NULL,
        pass INTEGER,
        score DOUBLE PRECISION,
        error TEXT,
        latency_ms DOUBLE PRECISION NOT NULL,
        ttft_ms DOUBLE PRECISION,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd DOUBLE PRECISION,
        proxy_cost_usd DOUBLE PRECISION,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (run_id, model, case_id, repeat_index)
    )`,
    // Provider calls a result's answer made (flow evaluations: a flow may call several models, or none).
    `CREATE TABLE IF NOT EXISTS orquesta_eval_calls (
        run_id VARCHAR(64) NOT NULL REFERENCES orquesta_eval_runs (id),
        model VARCHAR(255) NOT NULL,
        case_id VARCHAR(255) NOT NULL,
        repeat_index INTEGER NOT NULL,
        provider_calls INTEGER NOT NULL,
        PRIMARY KEY (run_id, model, case_id, repeat_index)
    )`,
    `CREATE TABLE IF NOT EXISTS orquesta_eval_models (
        model VARCHAR(255) PRIMARY KEY,
        first_seen_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL,
        removed_at BIGINT
    )`,
    `CREATE TABLE IF NOT EXISTS orquesta_eval_schedules (
        name VARCHAR(64) PRIMARY KEY,
        registered_at BIGINT NOT NULL
    )`
]
