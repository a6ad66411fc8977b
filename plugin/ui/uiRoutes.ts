import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Router, type RequestHandler } from 'express'
import { EvaluationRequestError } from '../evaluation/EvaluationService'
import { buildDashboardData, type DashboardSources } from './dashboardData'
import { PAGE_CSS, PAGE_HTML } from './pageShell'

/**
 * Where the page is served. Flowise's authentication gate covers every path containing
 * `/api/v1/`, and for a browser it accepts only requests carrying `x-request-from: internal` with
 * the session cookie, which a typed URL does not send; a path outside `/api/v1` is passed through
 * to the routes. The page therefore lives here and holds no data; its script fetches
 * {@link UI_DATA_ROUTE} with that header and the cookie, exactly as Flowise's own UI does.
 */
export const UI_PATH = '/orquesta/ui'
/** The page's data, under the plugin's routes (behind Flowise's gate and `chatflows:view`). */
export const UI_DATA_ROUTE = '/ui/data'

/** Content Security Policy of the page: its own scripts and styles only (no CDN, nothing inline that runs). */
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"

const UPLOT_DIR = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'))
const CLIENT_FILE = path.join(__dirname, 'client', 'dashboard.js')

/** The page's static shell: HTML, styles, the page script and the bundled uPlot library. */
export const pageRoutes = (): Router => {
    const router = Router()
    const headers: RequestHandler = (_req, res, next) => {
        res.set({ 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' })
        next()
    }
    router.use(headers)
    router.get('/', (req, res) => {
        // Relative asset URLs need the trailing slash.
        if (!req.originalUrl.split('?')[0].endsWith('/')) return res.redirect(301, `${UI_PATH}/`)
        res.type('html').send(PAGE_HTML)
    })
    router.get('/page.css', (_req, res) => res.type('css').send(PAGE_CSS))
    // Compiled as a CommonJS module whose imports are types only: its one line of module
    // boilerplate needs an `exports` object to write to.
    router.get('/dashboard.js', (_req, res, next) =>
        readFile(CLIENT_FILE, 'utf8').then((code) => res.type('js').send(`var exports = {};\n${code}`), next)
    )
    router.get('/uplot.js', (_req, res) => res.type('js').sendFile(path.join(UPLOT_DIR, 'uPlot.iife.min.js')))
    router.get('/uplot.css', (_req, res) => res.type('css').sendFile(path.join(UPLOT_DIR, 'uPlot.min.css')))
    return router
}

/** `GET /ui/data`: everything the page shows, for the requesting user. */
export const dashboardDataRoute =
    (sources: (req: Parameters<RequestHandler>[0]) => Promise<DashboardSources>): RequestHandler =>
    (req, res, next) =>
        void sources(req)
            .then(buildDashboardData)
            .then((data) => res.json(data))
            .catch((error: unknown) =>
                error instanceof EvaluationRequestError && error.status
                    ? res.status(error.status).json({ error: error.message })
                    : next(error)
            )
