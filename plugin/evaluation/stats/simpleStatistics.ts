import type * as SimpleStatistics from 'simple-statistics' with { 'resolution-mode': 'import' }

/*
 * simple-statistics, loaded through its CommonJS build. The package declares its types as an
 * ES module only, so TypeScript refuses a static import from this CommonJS project although the
 * package's `require` export works; the build is required here and typed from those declarations.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simpleStatistics = require('simple-statistics') as typeof SimpleStatistics

export const { binomialDistribution, errorFunction, mean, median, probit, quantile, quantileSorted, sampleStandardDeviation } =
    simpleStatistics
