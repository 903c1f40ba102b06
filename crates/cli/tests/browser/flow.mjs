// The web interface in headless Chromium, driven by crates/cli/tests/browser.rs against a real
// `embargo serve`: a submitter drafts a request and sees its problems beside their fields,
// fixes them and files it; the secretariat circulates it; a member places a hold; the
// submitter's page says "on hold" without naming the member; the member lifts it; the chair
// approves part of the items; a delivery is recorded and the chart changes; an analyst screens
// "Muammar Gaddafi", sees the UN hit with its explanation, watches the name and clears the
// alert with a reason, and clears an OFAC hit likewise. Every page is checked with axe-core (no serious or critical violation)
// and photographed into $ARTIFACTS.
//
// Environment: BASE (http://127.0.0.1:PORT), TOKENS (JSON: role → token), CHROMIUM, ARTIFACTS,
// REQUEST (the 2016 GNA request JSON), AXE (axe.min.js).

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BASE = process.env.BASE;
const TOKENS = JSON.parse(process.env.TOKENS);
const ARTIFACTS = process.env.ARTIFACTS;
const AXE = process.env.AXE;
const content = JSON.parse(fs.readFileSync(process.env.REQUEST, 'utf8'));
fs.mkdirSync(ARTIFACTS, { recursive: true });

const failures = [];
function check(ok, what) {
  if (!ok) {
    failures.push(what);
    console.error(`FAIL: ${what}`);
  } else {
    console.log(`ok: ${what}`);
  }
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embargo-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  acceptDownloads: true,
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  // axe-core is injected as a script; the pages' CSP (script-src 'self') would refuse it.
  bypassCSP: true,
  viewport: { width: 1280, height: 900 },
});
// Nothing may be fetched from anywhere but the server.
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(BASE) || url.startsWith('data:')) return route.continue();
  check(false, `a page fetched ${url}`);
  return route.abort();
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(20000);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });

let shot = 0;
const axeSeen = new Set();
async function audit(name) {
  shot += 1;
  const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    console.error(`  axe ${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`);
  }
  check(bad.length === 0, `axe: no serious or critical violation on ${name} (${page.url()})`);
  axeSeen.add(name);
}

async function body() {
  return page.locator('main').innerText();
}

async function signIn(role) {
  await page.goto(`${BASE}/ui/sign-in`);
  await page.getByLabel('Account token').fill(TOKENS[role]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE}/ui/`);
  check((await page.locator('header').innerText()).includes(`Signed in as ${role}`), `${role} is signed in`);
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${BASE}/ui/sign-in`);
}

function iso(d) {
  return d.toISOString().slice(0, 10);
}

const REF = 'LY-WEB-001';
const requestUrl = `${BASE}/ui/requests/${REF}`;

// ---- sign-in page
await page.goto(`${BASE}/ui/`);
check(page.url() === `${BASE}/ui/sign-in`, 'an anonymous visitor is sent to the sign-in page');
await audit('sign-in');
// Keyboard: the token field and the button are reached by Tab, with a visible focus.
let focused = null;
for (let i = 0; i < 10; i += 1) {
  await page.keyboard.press('Tab');
  focused = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { id: el.id, tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth };
  });
  if (focused.id === 'token') break;
}
check(focused.id === 'token', 'Tab reaches the token field');
check(focused.outline !== 'none' && focused.width !== '0px', `the focused field shows a visible outline (${focused.outline} ${focused.width})`);
await page.keyboard.type(TOKENS.gna);
await page.keyboard.press('Tab');
check(await page.evaluate(() => document.activeElement.textContent.trim()) === 'Sign in', 'Tab then reaches the Sign in button');
await page.keyboard.press('Enter');
await page.waitForURL(`${BASE}/ui/`);
check((await page.locator('header').innerText()).includes('Signed in as gna'), 'signed in with the keyboard alone');
await signOut();

// ---- the submitter drafts the 2016 request in today's world
await signIn('gna');
await audit('dashboard-submitter');
await page.getByRole('link', { name: 'Draft a request' }).click();
await audit('draft-empty');
await page.getByLabel('Reference (e.g. LY-2026-001)').fill(REF);
await page.locator('#f-ground').selectOption(content.ground);
await page.locator('[name="title"]').fill(content.title);
await page.locator('[name="purpose"]').selectOption(content.purpose);
await page.locator('[name="end_use"]').fill(content.end_use ?? '');
if (content.national_licence) await page.locator('[name="national_licence"]').fill(content.national_licence);
await page.locator('[name="submitter.kind"]').selectOption(content.submitter.kind);
await page.locator('[name="submitter.name"]').fill(content.submitter.name);
await page.locator('[name="submitter.country"]').fill(content.submitter.country ?? '');
for (const [i, p] of content.parties.entries()) {
  await page.locator(`[name="parties[${i}].role"]`).selectOption(p.role);
  await page.locator(`[name="parties[${i}].name"]`).fill(p.name);
  await page.locator(`[name="parties[${i}].country"]`).fill(p.country);
  if (p.category) await page.locator(`[name="parties[${i}].category"]`).selectOption(p.category);
  if (p.government) await page.locator(`[name="parties[${i}].government"]`).fill(p.government);
  if (p.details) await page.locator(`[name="parties[${i}].details"]`).fill(p.details);
}
for (const [i, it] of content.items.entries()) {
  await page.locator(`[name="items[${i}].description"]`).fill(it.description);
  await page.locator(`[name="items[${i}].category"]`).fill(it.category);
  await page.locator(`[name="items[${i}].quantity"]`).fill(String(it.quantity));
  if (it.unit) await page.locator(`[name="items[${i}].unit"]`).fill(it.unit);
  if (it.calibre) await page.locator(`[name="items[${i}].calibre"]`).fill(it.calibre);
  if (it.lethal) await page.locator(`[name="items[${i}].lethal"]`).check();
  if (it.lethal_justification) await page.locator(`[name="items[${i}].lethal_justification"]`).fill(it.lethal_justification);
}
for (const [i, d] of (content.documents ?? []).entries()) {
  await page.locator(`[name="documents[${i}].kind"]`).selectOption(d.kind);
  await page.locator(`[name="documents[${i}].reference"]`).fill(d.reference);
  if (d.date) await page.locator(`[name="documents[${i}].date"]`).fill(d.date);
  if (d.issued_by) await page.locator(`[name="documents[${i}].issued_by"]`).fill(d.issued_by);
}
// As written in 2016: delivery dates in 2016, the end user under the GNA.
await page.locator('[name="delivery.dates"]').fill(content.delivery.dates.join(', '));
await page.locator('[name="delivery.mode_of_transport"]').selectOption(content.delivery.mode_of_transport);
await page.locator('[name="delivery.point_of_entry"]').fill(content.delivery.point_of_entry ?? '');
const other = { delivery: { route: content.delivery.route ?? [], transit_states: content.delivery.transit_states ?? [] } };
if (content.weapons_in_service) other.weapons_in_service = content.weapons_in_service;
other.items = content.items.map((it) => {
  const o = {};
  for (const k of ['value', 'serial_numbers', 'origin']) if (it[k] !== undefined) o[k] = it[k];
  return o;
});
await page.locator('[name="other"]').fill(JSON.stringify(other, null, 2));
await page.getByRole('button', { name: 'Validate' }).click();
await page.waitForLoadState('load');
const endUser = content.parties.findIndex((p) => p.role === 'end_user');
const govProblem = page.locator(`[id="f-parties[${endUser}].government"] ~ p.problem`);
check(await govProblem.count() > 0, 'the end user\'s government has its problem beside the field');
check((await govProblem.first().innerText()).includes('Government of National Unity'), 'the problem names the government recognised today');
const dateProblem = await page.locator('[id="f-delivery.dates"] ~ p.problem').first().innerText().catch(() => '');
check(dateProblem.includes('before the submission') && dateProblem.includes('S/RES/2174'), 'the delivery dates\' problem is shown beside their field with its citation');
check((await body()).includes('Problems block filing'), 'the draft is not fileable yet');
await audit('draft-problems');
// Fix them: the government recognised today, delivery dates after the submission.
const soon = new Date(Date.now() + 40 * 86400000);
const later = new Date(Date.now() + 70 * 86400000);
await page.locator(`[name="parties[${endUser}].government"]`).fill('Government of National Unity');
await page.locator('[name="delivery.dates"]').fill(`${iso(soon)}, ${iso(later)}`);
await page.getByRole('button', { name: 'File the request' }).click();
await page.waitForURL(requestUrl);
check((await body()).includes('submitted'), 'the request is filed');
await audit('request-submitted');
await signOut();

// ---- the secretariat circulates
await signIn('scsob');
await page.goto(requestUrl);
await page.getByRole('button', { name: 'Circulate to the members' }).click();
await page.waitForURL(requestUrl);
check((await body()).includes('under consideration'), 'circulated: under consideration');
await audit('request-secretariat');
await signOut();

// ---- a member places a hold
await signIn('ru');
await audit('dashboard-member');
await page.goto(requestUrl);
await page.getByLabel('Reason').first().fill('quantities of heavy machine guns');
await page.getByLabel('Information asked of the submitter').fill('the need for 200 heavy machine guns');
await page.getByRole('button', { name: 'Place the hold' }).click();
await page.waitForURL(requestUrl);
check((await body()).includes('by RU'), 'the member sees its own hold');
await audit('request-member-hold');
await signOut();

// ---- the submitter sees "on hold", never by whom
await signIn('gna');
await page.goto(requestUrl);
let text = await body();
check(text.includes('on hold') && text.includes('the need for 200 heavy machine guns'), 'the submitter\'s page says on hold and what is asked');
check(!/\bRU\b/.test(text) && !text.includes('member:RU'), 'the submitter\'s page does not name the member');
const html = await page.content();
check(!html.includes('member:RU') && !/>RU</.test(html), 'nor does its HTML');
await audit('request-submitter-on-hold');
await page.goto(`${BASE}/ui/`);
text = await body();
check(text.includes('the need for 200 heavy machine guns') && !/\bRU\b/.test(text), 'the dashboard lists the hold without the member');
await signOut();

// ---- the member lifts the hold
await signIn('ru');
await page.goto(requestUrl);
await page.getByRole('button', { name: /Lift my hold/ }).click();
await page.waitForURL(requestUrl);
await signOut();

// ---- the chair approves part of the items
await signIn('chair');
await page.goto(requestUrl);
const first = content.items[0].quantity;
await page.getByLabel('Approved quantity of item 1').fill(String(Math.floor(first / 2)));
await page.getByLabel('Conditions (one per line)').fill('no re-transfer without the committee\'s consent');
await audit('request-chair');
await page.getByRole('button', { name: 'Approve' }).click();
await page.waitForURL(requestUrl);
text = await body();
check(text.includes('partly approved'), 'the request is partly approved');
const approvedCell = await page.locator('#ledger tbody tr').first().locator('td').nth(4).innerText();
check(approvedCell.trim() === String(Math.floor(first / 2)), `item 1 approved for ${Math.floor(first / 2)}`);
await signOut();

// ---- a delivery is recorded and the chart changes
await signIn('gna');
const cat = content.items[0].category;
const delivered = () => page.locator(`#chart-deliveries rect[data-label="${cat}"][data-series="delivered"]`).getAttribute('data-value');
await page.goto(`${BASE}/ui/charts`);
const before = Number(await delivered());
await page.goto(requestUrl);
await page.getByLabel('Quantity of item 1 delivered').fill('100');
await page.getByRole('button', { name: 'Record the delivery' }).click();
await page.waitForURL(requestUrl);
await audit('request-delivered');
await page.goto(`${BASE}/ui/charts`);
const after = Number(await delivered());
check(after === before + 100, `the chart's delivered ${cat} went from ${before} to ${after}`);
await audit('charts');
await signOut();

// ---- an analyst screens a name and clears the hit with a reason
await signIn('analyst');
await audit('dashboard-analyst');
await page.getByRole('link', { name: 'Screening' }).click();
await page.getByLabel('Name (any script)').fill('Muammar Gaddafi');
await page.getByRole('button', { name: 'Screen', exact: true }).click();
await page.locator('#screen-results table.hits').waitFor();
text = await page.locator('#screen-results').innerText();
check(text.includes('LYi.009') && text.includes('QADHAFI'), 'the UN hit LYi.009 is shown');
check(/matched `.*`:/.test(text) && text.includes('↔'), 'with its explanation');
await audit('screening');
await page.getByRole('button', { name: /Watch this name/ }).click();
await page.waitForURL(`${BASE}/ui/alerts`);
await audit('alerts');
await page.locator('table a', { hasText: '#' }).first().click();
await page.getByLabel('Outcome').selectOption('cleared');
await page.getByLabel('Reason (at least 10 characters)').fill('a different person: born 1985 in Misrata, passport checked');
await audit('alert');
await page.getByRole('button', { name: 'Record the decision' }).click();
await page.waitForLoadState('load');
text = await body();
check(text.includes('cleared by analyst') && text.includes('born 1985 in Misrata'), 'the hit is cleared with the reason');
// A CSV screened in bulk: the result downloads.
await page.getByRole('link', { name: 'Screening' }).click();
await page.locator('#bulk-file').setInputFiles({ name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from('name,kind\nMuammar Gaddafi,person\nOrvel Marrowby,person\nJane Nobody,person\n') });
const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Screen the file' }).click()]);
const result = fs.readFileSync(await download.path(), 'utf8');
check(download.suggestedFilename() === 'screening-result.csv', 'the bulk result downloads as screening-result.csv');
check(/^2,Muammar Gaddafi,un,LYi\.009/m.test(result) && /^3,Orvel Marrowby,ofac,/m.test(result) && /^4,Jane Nobody,.*no hit$/m.test(result), 'the bulk result has a line per hit and "no hit"');
// An OFAC hit, cleared the same way.
await page.getByRole('link', { name: 'Screening' }).click();
await page.getByLabel('Name (any script)').fill('Orvel Marrowby');
await page.getByRole('button', { name: 'Screen', exact: true }).click();
await page.locator('#screen-results table.hits').waitFor();
check((await page.locator('#screen-results').innerText()).includes('MARROWBY'), 'the OFAC hit is shown');
await page.getByRole('button', { name: /Watch this name/ }).click();
await page.waitForURL(`${BASE}/ui/alerts`);
await page.locator('tr', { hasText: 'MARROWBY' }).locator('a').first().click();
check((await body()).includes('ofac'), 'the alert is on the OFAC list');
await page.getByLabel('Outcome').selectOption('cleared');
await page.getByLabel('Reason (at least 10 characters)').fill('our customer Orvel Marrowby was born in 1990 in Malta; the listed one in Libya');
await page.getByRole('button', { name: 'Record the decision' }).click();
await page.waitForLoadState('load');
check((await body()).includes('born in 1990 in Malta'), 'the OFAC hit is cleared with the reason');
await signOut();

// ---- the other pages
await signIn('officer');
await page.getByRole('link', { name: 'Transfer check' }).click();
await audit('check-empty');
await page.getByLabel('Transfer (JSON); when given, the fields above are ignored').fill(fs.readFileSync(process.env.TRANSFER, 'utf8'));
await page.getByRole('button', { name: 'Check', exact: true }).click();
await page.waitForLoadState('load');
text = await body();
check(text.includes('Verdict:') && text.includes('Next step:') && text.includes('S/RES/'), 'the check gives a verdict, the next step and citations');
await audit('check-result');
await page.getByRole('link', { name: 'Lists' }).click();
await audit('lists');
await page.getByRole('link', { name: 'Regimes' }).click();
text = await body();
check(text.includes('Libya, 2011 to today') && text.includes('2011-02-26'), 'the Libya timeline starts in 2011');
await audit('regimes');
await signOut();

// ---- every page reads, and the forms post, with JavaScript disabled
const noJsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embargo-chromium-nojs-'));
const noJs = await chromium.launchPersistentContext(noJsDir, {
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  javaScriptEnabled: false,
});
const plain = noJs.pages()[0] ?? (await noJs.newPage());
await plain.goto(`${BASE}/ui/sign-in`);
await plain.getByLabel('Account token').fill(TOKENS.gna);
await plain.getByRole('button', { name: 'Sign in' }).click();
await plain.waitForURL(`${BASE}/ui/`);
for (const [url, expect] of [
  ['/ui/', 'Requests by status'],
  [`/ui/requests/${REF}`, 'partly approved'],
  ['/ui/charts', 'Approved against delivered'],
  ['/ui/draft', 'Exemption ground'],
  ['/ui/lists', 'Stored versions'],
  ['/ui/regimes', 'Libya, 2011 to today'],
]) {
  await plain.goto(`${BASE}${url}`);
  check((await plain.locator('main').innerText()).includes(expect), `without JavaScript, ${url} shows "${expect}"`);
}
await plain.goto(`${BASE}/ui/screening`);
await plain.getByLabel('Name (any script)').fill('Muammar Gaddafi');
await plain.getByRole('button', { name: 'Screen', exact: true }).click();
await plain.waitForLoadState('load');
check((await plain.locator('main').innerText()).includes('LYi.009'), 'without JavaScript, the screening form answers with the hit');
await noJs.close();
fs.rmSync(noJsDir, { recursive: true, force: true });

check(consoleErrors.length === 0, `no console error (${consoleErrors.join(' | ')})`);
await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
console.log(`${axeSeen.size} pages checked with axe, screenshots in ${ARTIFACTS}`);
if (failures.length > 0) {
  console.error(`${failures.length} failure(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
