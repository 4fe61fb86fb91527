// Drives localiam's web console in Debian's Chromium with playwright-core, as a person would:
// from the landing page to the console, through the admin token, the lists, a user and its
// policies, a denial in Decisions opened to its statement, a simulation, "who can", and the
// clock. Run by tests/integration/test_console.py, which starts the server, creates the
// entities through the API, and answers this script's "need" lines on stdin (each names a
// thing to do with a real client, such as making a denied call, and waits for "done").
// Environment: CONSOLE_URL, CONSOLE_TOKEN, CONSOLE_SECRET (a secret key that must never be
// shown), CONSOLE_SCREENSHOTS (a folder), CHROMIUM (the browser's path).
// With the argument `readme` it only opens the console on what the README's snippet made.
// Exits 0 when every check passed; prints what failed otherwise.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const base = process.env.CONSOLE_URL;
const shots = process.env.CONSOLE_SCREENSHOTS;
mkdirSync(shots, { recursive: true });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

// Asks the test to do something with a real client, and waits until it is done.
async function need(what) {
  console.log('need ' + what);
  const { value, done } = await lines.next();
  assert.ok(!done && value === 'done', `the test did not do "${what}": ${value}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: false });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const foreign = [];
  const errors = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text()); });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.status() !== 401) errors.push(r.status() + ' from ' + r.request().method() + ' ' + r.url());
  });

  if (process.argv[2] === 'readme') {
    // The README's snippet left a server with alice in it: open the console as it says.
    await page.goto(base + '/_localiam/console');
    const tokenDialog = page.getByRole('dialog', { name: 'Admin token' });
    await tokenDialog.getByLabel('Admin token').fill(process.env.CONSOLE_TOKEN);
    await tokenDialog.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('link', { name: 'alice', exact: true }).click();
    await page.getByRole('region', { name: 'Attached policies' }).getByRole('link', { name: 'ReadOnlyAccess' }).waitFor();
    await shot(page, 'readme-alice');
  } else {
    await tour(page);
  }
  assert.deepEqual(foreign, [], 'the console asked another origin');
  assert.deepEqual(errors, [], 'the page reported errors');
} catch (error) {
  failures.push(error.stack || String(error));
} finally {
  await browser.close();
}
if (failures.length) {
  console.log('FAILED\n' + failures.join('\n'));
  process.exit(1);
}
console.log('passed');
process.exit(0);

// The whole console, as the test set it up.
async function tour(page) {
  // The landing page links to the console; the console asks for the admin token.
  await page.goto(base + '/');
  await page.getByRole('link', { name: 'Open the web console' }).click();
  const dialog = page.getByRole('dialog', { name: 'Admin token' });
  await dialog.waitFor();
  await dialog.getByLabel('Admin token').fill('not the token');
  await dialog.getByRole('button', { name: 'Open the console' }).click();
  await page.getByText('The server refused that token.').waitFor();
  await dialog.getByLabel('Admin token').fill(process.env.CONSOLE_TOKEN);
  await dialog.getByRole('button', { name: 'Open the console' }).click();

  // Users: every navigation entry is there; the list shows what the API created; search.
  for (const name of ['Users', 'Groups', 'Roles', 'Policies', 'Decisions', 'Simulator']) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).waitFor();
  }
  await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  await page.getByRole('link', { name: 'alice', exact: true }).waitFor();
  await page.getByRole('link', { name: 'bob', exact: true }).waitFor();
  // Several accounts: the switcher shows another account's users.
  const accounts = page.getByLabel('Account');
  await accounts.selectOption('111111111111');
  await page.getByRole('link', { name: 'carol', exact: true }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'alice', exact: true }).count(), 0);
  await accounts.selectOption('000000000000');
  await page.getByRole('link', { name: 'bob', exact: true }).waitFor();

  await page.getByLabel('Search users').fill('ALI');
  await page.locator('#count').filter({ hasText: '1–1 of 1' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'bob', exact: true }).count(), 0);
  await shot(page, 'users');

  // Paging: 60 users named page-NN; 50 on the first page, the rest on the next.
  await page.getByLabel('Search users').fill('page-');
  await page.locator('#count').filter({ hasText: '1–50 of 60' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('#count').filter({ hasText: '51–60 of 60' }).waitFor();
  await page.getByRole('link', { name: 'page-60', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Previous' }).click();
  await page.locator('#count').filter({ hasText: '1–50 of 60' }).waitFor();

  // Follow alice to her group, her policies and a policy's page.
  await page.getByLabel('Search users').fill('alice');
  await page.getByRole('link', { name: 'alice', exact: true }).click();
  await page.getByRole('heading', { name: 'User alice' }).waitFor();
  const summary = page.getByRole('region', { name: 'Summary' });
  await summary.getByText('arn:aws:iam::000000000000:user/alice').waitFor();
  await page.getByRole('region', { name: 'Groups' }).getByRole('link', { name: 'devs' }).waitFor();
  const permissions = page.getByRole('region', { name: 'Permissions' });
  assert.equal(await permissions.getByText('through group devs').count(), 2);
  await permissions.getByText('"Sid": "ReadReports"').waitFor();
  await permissions.getByText('Statement 1').first().waitFor();
  const keys = page.getByRole('region', { name: 'Access keys' });
  await keys.getByText(/^AKIA|^LKIA|^AKID/).first().waitFor();
  await page.getByRole('region', { name: 'Tags' }).getByText('platform').waitFor();
  const body = await page.content();
  assert.ok(!body.includes(process.env.CONSOLE_SECRET), 'the page shows a secret access key');
  await shot(page, 'user');
  await page.getByRole('region', { name: 'Attached policies' }).getByRole('link', { name: 'ReadOnlyAccess' }).click();
  await page.getByRole('heading', { name: 'Policy ReadOnlyAccess' }).waitFor();
  await page.getByRole('region', { name: 'Attached to' }).getByRole('link', { name: 'alice' }).waitFor();
  await page.goBack();
  await page.getByRole('region', { name: 'Groups' }).getByRole('link', { name: 'devs' }).click();
  await page.getByRole('heading', { name: 'Group devs' }).waitFor();
  await page.getByRole('region', { name: 'Members' }).getByRole('link', { name: 'alice' }).waitFor();

  // A customer managed policy from the Policies list: its document, tags and attachments.
  // (The group's page stays until the list has drawn, with its own reports-writer links: wait.)
  await page.getByRole('link', { name: 'Policies', exact: true }).click();
  await page.getByRole('heading', { name: 'Policies', exact: true }).waitFor();
  await page.getByRole('link', { name: 'reports-writer', exact: true }).click();
  await page.getByRole('heading', { name: 'Policy reports-writer' }).waitFor();
  await page.getByRole('region', { name: 'Summary' }).getByText('writes the reports').waitFor();
  await page.getByRole('region', { name: 'Document' }).getByText('"Sid": "Write"').waitFor();
  await page.getByRole('region', { name: 'Tags' }).getByText('finance').waitFor();
  await page.getByRole('region', { name: 'Attached to' }).getByRole('link', { name: 'devs' }).waitFor();
  await page.getByRole('link', { name: 'Policies', exact: true }).click();
  await page.getByLabel('Which policies').selectOption('aws');
  await page.locator('#count').filter({ hasText: /of \d{4}$/ }).waitFor();  // ~1,400 AWS managed
  await page.getByLabel('Search policies').fill('iamreadonly');
  await page.getByRole('link', { name: 'IAMReadOnlyAccess', exact: true }).click();
  await page.getByRole('heading', { name: 'Policy IAMReadOnlyAccess' }).waitFor();
  await page.getByRole('region', { name: 'Document' }).getByText('"iam:GenerateCredentialReport"').waitFor();

  // Roles: the trust policy.
  await page.getByRole('link', { name: 'Roles', exact: true }).click();
  await page.getByRole('link', { name: 'deployer', exact: true }).click();
  await page.getByRole('heading', { name: 'Role deployer' }).waitFor();
  await page.getByRole('region', { name: 'Trust policy' }).getByText('"sts:AssumeRole"').waitFor();

  // Decisions: a denial made now appears live; opening it leads to the statement that denied.
  await page.getByRole('link', { name: 'Decisions', exact: true }).click();
  await page.getByRole('heading', { name: 'Decisions' }).waitFor();
  await page.getByText('live', { exact: true }).waitFor();
  await need('denial');
  const denied = page.locator('tr[data-decision="explicitDeny"]').filter({ hasText: 'iam:DeleteUser' }).first();
  await denied.waitFor();
  await denied.getByRole('button', { name: 'Open' }).click();
  await page.getByText('with an explicit deny in an identity-based policy').first().waitFor();
  await shot(page, 'decisions');
  await page.getByRole('link', { name: /NoDeletes/ }).first().click();
  await page.getByRole('heading', { name: 'User bob' }).waitFor();
  const marked = page.locator('li.highlight');
  await marked.waitFor();
  assert.match(await marked.innerText(), /NoDeletes/);

  // A trust policy's denial opens on the role's trust policy, its statement marked.
  await page.getByRole('link', { name: 'Decisions', exact: true }).click();
  await page.getByText('live', { exact: true }).waitFor();
  await need('trust-denial');
  const refused = page.locator('tr[data-decision="explicitDeny"]').filter({ hasText: 'sts:AssumeRole' }).first();
  await refused.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('link', { name: /trust · statement 1 \(Sid NoBob\)/ }).click();
  await page.getByRole('heading', { name: 'Role guarded' }).waitFor();
  assert.match(await page.getByRole('region', { name: 'Trust policy' }).locator('li.highlight').innerText(), /NoBob/);

  // Simulator: alice may read reports but not create users.
  await page.getByRole('link', { name: 'Simulator', exact: true }).click();
  await page.getByLabel('Principal (user, group or role ARN)').fill('arn:aws:iam::000000000000:user/alice');
  await page.getByLabel('Actions (one per line)').fill('s3:GetObject\niam:CreateUser');
  await page.getByLabel('Resources (one per line; empty: *)').fill('arn:aws:s3:::reports/q1.csv');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  const results = page.getByRole('region', { name: 'Simulation results' });
  await results.locator('tr[data-decision="allowed"]').filter({ hasText: 's3:GetObject' }).waitFor();
  await results.locator('tr[data-decision="implicitDeny"]').filter({ hasText: 'iam:CreateUser' }).waitFor();
  await results.getByText('ReadOnlyAccess · statement').first().waitFor();
  await shot(page, 'simulator');
  await results.getByRole('link', { name: 'read · statement 1 (Sid ReadReports)' }).click();
  await page.getByRole('heading', { name: 'User alice' }).waitFor();
  assert.match(await page.locator('li.highlight').innerText(), /ReadReports/);
  await page.goBack();
  await page.getByRole('heading', { name: 'Simulator' }).waitFor();
  await page.getByLabel('Action', { exact: true }).fill('s3:GetObject');
  await page.getByRole('button', { name: 'Who can?' }).click();
  await page.locator('#who-result').getByRole('link', { name: 'user/alice' }).waitFor();
  assert.equal(await page.locator('#who-result').getByRole('link', { name: 'user/bob' }).count(), 0);

  // The server's clock moves and comes back.
  await page.getByRole('link', { name: 'Server', exact: true }).click();
  await page.locator('#clock-now').filter({ hasText: 'real time' }).waitFor();
  await page.getByRole('button', { name: 'Forward 1 day' }).click();
  // (The offset is the server's time less real time, each read in whole seconds: a second may
  // tick between the two reads.)
  await page.locator('#clock-now').filter({ hasText: /\+86(399|400|401) s from real time/ }).waitFor();
  await page.getByRole('button', { name: 'Back to real time' }).click();
  await page.locator('#clock-now').filter({ hasText: '(real time)' }).waitFor();

  // Dark, following the system.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('about:blank');
  await page.goto(base + '/_localiam/console#/users/alice');
  await page.getByRole('heading', { name: 'User alice' }).waitFor();
  // No layout jumps: the page's cumulative layout shift while it loads stays below 0.1
  // (the threshold web.dev calls good).
  const shift = await page.evaluate(() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 500);
  }));
  console.log('layout shift while the user page loads: ' + shift.toFixed(4));
  assert.ok(shift < 0.1, 'layout shift while the user page loads: ' + shift);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(22, 24, 27)');
  await shot(page, 'user-dark');

  // Keyboard: the first Tab reaches the skip link, the next ones the sections, and Enter on
  // one opens it.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  for (const expected of ['localiam', 'Users', 'Groups']) {
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement.textContent), new RegExp('^' + expected));
  }
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Groups', exact: true }).waitFor();

  // Export, then reset: the download holds every table; after the reset alice is gone.
  await page.getByRole('link', { name: 'Server', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the export' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'localiam-state.json');
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.ok(JSON.stringify(exported).includes('alice'), 'the export has no alice');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Reset every account…' }).click();
  await page.getByText('Every account is back to its start state.').waitFor();
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByText('No users yet.').waitFor();
}
