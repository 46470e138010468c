/** The 实事台账 in the browser: what the ledger's tests do on its page. */
import type { Page } from 'playwright-core';
import { settle } from './support.js';

/** Opens a project of the ledger by its title, in the drawer. */
export async function openProject(page: Page, title: string) {
  await page.fill('#lp-text', title);
  await settle(page);
  await page
    .locator('[data-testid=projects-table] .el-table__row')
    .filter({ hasText: title })
    .first()
    .click();
  const drawer = page.locator('.el-drawer');
  await drawer.getByRole('heading', { name: title }).waitFor();
  await settle(page);
  return drawer;
}
