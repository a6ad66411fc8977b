import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ADMIN } from './flowise'
import { waitFor } from './waitFor'

/** Debian's Chromium (`apt-get install chromium`; `npm test` installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium'

/** Starts the real Chromium headless; fails with what to install when it is missing. */
export const launchChromium = async (): Promise<Browser> => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`)
    // Running as root in a container: Chromium's sandbox needs user namespaces it may not have.
    return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
}

/**
 * A person's first visit to a fresh Flowise: the UI sends them to /organization-setup, where the
 * account form creates the owner ({@link ADMIN}); then Flowise's own sign-in page logs them in.
 */
export const signUpAndSignIn = async (page: Page, baseUrl: string): Promise<void> => {
    await page.goto(`${baseUrl}/`)
    await page.waitForURL(/\/organization-setup/, { timeout: 60_000 })
    await page.fill('#username', ADMIN.name)
    await page.fill('#email', ADMIN.email)
    await page.fill('#password', ADMIN.password)
    await page.fill('#confirmPassword', ADMIN.password)
    await page.click('button[type=submit]')
    await page.waitForURL((url) => !url.pathname.startsWith('/organization-setup'), { timeout: 60_000 })
    if (!(await page.context().cookies()).some((c) => c.name === 'token')) await signIn(page, baseUrl)
}

/** Flowise's own sign-in page, for the {@link ADMIN} account that already exists. */
export const signIn = async (page: Page, baseUrl: string): Promise<void> => {
    await page.goto(`${baseUrl}/signin`)
    // The sign-in form names its email field `username`.
    await page.fill('#username', ADMIN.email)
    await page.fill('#password', ADMIN.password)
    await page.getByRole('button', { name: 'Login' }).click()
    await waitFor(
        'the session cookie after signing in',
        async () => (await page.context().cookies()).some((c) => c.name === 'token'),
        60_000
    )
}
