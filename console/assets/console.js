// localiam console: a single page over the console's JSON (/_localiam/console/api/), IAM's own
// actions (through api/iam, answered as the account's root) and the admin endpoints. Plain
// JavaScript, no dependencies, no network beyond this server.
'use strict';

const API = '/_localiam/console/api/';
const IAM_VERSION = '2010-05-08';
const PAGE_SIZE = 50;
const state = {
  token: sessionStorage.getItem('localiam.token') || '',
  account: sessionStorage.getItem('localiam.account') || '',
  overview: null,
  render: 0,          // the view being drawn; older ones give way
  leave: null,        // what the current view does when another replaces it
};
const main = document.getElementById('main');

// ---------------------------------------------------------------- elements

// h('a', {href: '#/users', class: 'x', onclick: f}, 'text', child, [more]) makes an element.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'value') el.value = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function badge(text, kind) {
  return h('span', { class: 'badge ' + (kind || 'plain') }, text);
}

function decisionBadge(decision) {
  const text = { allowed: 'allowed', explicitDeny: 'explicit deny', implicitDeny: 'implicit deny' };
  return badge(text[decision] || decision, decision);
}

function facts(pairs) {
  return h('dl', { class: 'facts' },
    pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function table(headers, rows, empty) {
  if (!rows.length) return h('p', { class: 'muted' }, empty || 'None.');
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
}

function card(title, ...body) {
  const id = 'section-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), body);
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace('.000Z', 'Z').replace('T', ' ');
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// ---------------------------------------------------------------- the server

let tokenAsked = null;

// Asks for the admin token once, however many requests were refused meanwhile.
function askToken(message) {
  if (tokenAsked) return tokenAsked;
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  document.getElementById('token-error').textContent = message || '';
  tokenAsked = new Promise((resolve) => {
    form.onsubmit = (event) => {
      event.preventDefault();
      state.token = input.value;
      sessionStorage.setItem('localiam.token', state.token);
      dialog.close();
      tokenAsked = null;
      resolve();
    };
  });
  dialog.showModal();
  input.focus();
  return tokenAsked;
}

async function request(url, options = {}) {
  for (;;) {
    const headers = new Headers(options.headers || {});
    if (state.token) headers.set('Authorization', 'Bearer ' + state.token);
    if (url.startsWith(API)) headers.set('X-Localiam-Console', '1');
    const response = await fetch(url, { ...options, headers });
    if (response.status !== 401) return response;
    await askToken(state.token ? 'The server refused that token.' : '');
  }
}

async function getJson(url, options) {
  const response = await request(url, options);
  const body = await response.json().catch(() => ({ error: 'the answer is not JSON' }));
  if (!response.ok) throw new Error(body.error || 'HTTP ' + response.status);
  return body;
}

function apiUrl(endpoint, params = {}) {
  const query = new URLSearchParams({ account: state.account, ...params });
  return API + endpoint + '?' + query;
}

// One IAM action as the account's root; its XML, or an Error named by AWS's code and message.
async function iam(action, params = {}) {
  const body = new URLSearchParams({ Action: action, Version: IAM_VERSION });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') body.append(k, v);
  const response = await request(apiUrl('iam'), {
    method: 'POST', body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });
  const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
  if (!response.ok) {
    const error = new Error(text(xml, 'Code') + ': ' + text(xml, 'Message'));
    error.code = text(xml, 'Code');
    throw error;
  }
  return xml;
}

// Every member of a paged IAM list (Marker/IsTruncated), up to 20 pages; `first` is the first
// page's XML.
async function iamAll(action, params, listTag) {
  const out = [];
  let marker = '';
  for (let page = 0; page < 20; page++) {
    const xml = await iam(action, { ...params, Marker: marker || undefined });
    if (!out.first) out.first = xml;
    out.push(...members(xml, listTag));
    if (text(xml, 'IsTruncated') !== 'true') break;
    marker = text(xml, 'Marker');
  }
  return out;
}

// The text of the first element named `tag` under `node`.
function text(node, tag) {
  const el = node.getElementsByTagName(tag)[0];
  return el ? el.textContent : '';
}

// The text of `node`'s own child named `tag`.
function field(node, tag) {
  for (const c of node.children) if (c.localName === tag) return c.textContent;
  return '';
}

function members(node, listTag) {
  const list = node.getElementsByTagName(listTag)[0];
  return list ? Array.from(list.children).filter((c) => c.localName === 'member') : [];
}

// ---------------------------------------------------------------- links

function entityHref(kind, name, extra = {}) {
  const query = new URLSearchParams(extra).toString();
  return '#/' + kind + '/' + encodeURIComponent(name) + (query ? '?' + query : '');
}

function policyHref(arn) {
  return '#/policies/' + encodeURIComponent(arn);
}

// The console page of the user or role an ARN names (an assumed-role session: its role).
function entityOf(arn) {
  const m = /^arn:[^:]+:(iam|sts)::(\d{12}):(.+)$/.exec(arn || '');
  if (!m) return null;
  const [, service, account, resource] = m;
  const parts = resource.split('/');
  if (service === 'iam' && parts[0] === 'user') return { kind: 'users', name: parts.at(-1), account };
  if (service === 'iam' && parts[0] === 'role') return { kind: 'roles', name: parts.at(-1), account };
  if (service === 'sts' && parts[0] === 'assumed-role') return { kind: 'roles', name: parts[1], account };
  return null;
}

function principalLink(arn, extra = {}) {
  const entity = entityOf(arn);
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(arn || '')) return h('span', { title: arn }, 'root');
  if (!entity) return h('span', { class: 'mono' }, arn);
  const label = (entity.kind === 'users' ? 'user/' : 'role/') + entity.name;
  return h('a', { href: entityHref(entity.kind, entity.name, { account: entity.account, ...extra }) },
    label + (arn.includes(':assumed-role/') ? ' (session ' + arn.split('/').at(-1) + ')' : ''));
}

// ---------------------------------------------------------------- policies

// A policy document as IAM answers it (URL-encoded).
function urlDecoded(textValue) {
  return decodeURIComponent(textValue.replace(/\+/g, ' '));
}

function statementsOf(documentText) {
  let doc;
  try { doc = JSON.parse(documentText); } catch { return null; }
  const s = doc && doc.Statement;
  return Array.isArray(s) ? s : s ? [s] : [];
}

// A policy document, pretty-printed statement by statement, numbered from 1.
function policyDocument(documentText, highlight) {
  const statements = statementsOf(documentText);
  if (!statements) return h('pre', {}, documentText);
  return h('ol', { class: 'statements' }, statements.map((s, i) => {
    const n = i + 1;
    return h('li', { class: n === highlight ? 'highlight' : '', 'data-statement': n },
      h('div', { class: 'stmt-head' },
        h('strong', {}, 'Statement ' + n),
        s && s.Sid ? h('span', { class: 'mono' }, 'Sid ' + s.Sid) : null,
        s && s.Effect ? badge(s.Effect, s.Effect === 'Allow' ? 'allowed' : 'explicitDeny') : null),
      h('pre', {}, JSON.stringify(s, null, 2)));
  }));
}

function typeLabel(policy) {
  if (policy.boundary) return 'permissions boundary';
  switch (policy.type) {
    case 'aws-managed': return 'AWS managed';
    case 'user-managed': return 'customer managed';
    default: return 'inline';
  }
}

// The policies that apply to an entity (console/api/permissions), statements numbered; the
// statement `focus` names ({policy, statement}) is marked and scrolled to.
function permissionsCard(permissions, focus) {
  const blocks = permissions.policies.map((p) => {
    const focused = focus.policy && (focus.policy === p.arn || focus.policy === p.name);
    return h('div', { class: 'policy' },
      h('div', { class: 'policy-head' },
        h('h3', {}, p.arn ? h('a', { href: policyHref(p.arn) }, p.name) : p.name),
        badge(typeLabel(p)),
        p.group ? h('span', { class: 'muted' }, 'through group ',
          h('a', { href: entityHref('groups', p.group) }, p.group)) : null),
      policyDocument(p.document, focused ? Number(focus.statement) : 0));
  });
  const count = permissions.policies.reduce((n, p) => n + (statementsOf(p.document) || []).length, 0);
  return card('Permissions',
    h('p', { class: 'muted' }, permissions.policies.length
      ? count + ' statements in ' + permissions.policies.length + ' policies apply.'
      : 'No policy applies: every request is implicitly denied.'),
    blocks);
}

function scrollToFocus() {
  const marked = main.querySelector('li.highlight');
  if (marked) marked.scrollIntoView({ block: 'center' });
}

function tagsTable(tagMembers) {
  return table(['Key', 'Value'],
    tagMembers.map((t) => h('tr', {}, h('td', {}, field(t, 'Key')), h('td', {}, field(t, 'Value')))),
    'No tags.');
}

function attachedTable(attached) {
  return table(['Policy', 'ARN'], attached.map((p) => h('tr', {},
    h('td', {}, h('a', { href: policyHref(field(p, 'PolicyArn')) }, field(p, 'PolicyName'))),
    h('td', { class: 'mono' }, field(p, 'PolicyArn')))), 'No attached policies.');
}

function boundaryFacts(xml) {
  const arn = text(xml, 'PermissionsBoundaryArn');
  return ['Permissions boundary', arn ? h('a', { href: policyHref(arn) }, arn) : 'none'];
}

// ---------------------------------------------------------------- views

const TITLES = { users: 'Users', groups: 'Groups', roles: 'Roles', policies: 'Policies' };

function listView(kind, params, token) {
  const scope = kind === 'policies' ? params.get('scope') || 'local' : '';
  const search = h('input', { type: 'search', id: 'search', value: params.get('q') || '',
    placeholder: 'part of a name', 'aria-controls': 'results', autocomplete: 'off' });
  const results = h('div', { class: 'results', id: 'results', 'aria-live': 'polite' });
  const pages = [''];  // the name each shown page starts after
  let loading = 0;

  async function load() {
    const mine = ++loading;
    const q = search.value.trim();
    const body = await getJson(apiUrl('list', {
      kind, q, after: pages.at(-1), limit: PAGE_SIZE, ...(scope ? { scope } : {}) }));
    if (mine !== loading || token !== state.render) return;
    const rows = body.items.map((e) => h('tr', {},
      h('td', {}, h('a', { href: kind === 'policies' ? policyHref(e.arn) : entityHref(kind, e.name) }, e.name)),
      h('td', { class: 'mono' }, e.path),
      h('td', { class: 'mono' }, e.id),
      h('td', {}, when(e.created))));
    const first = (pages.length - 1) * PAGE_SIZE;
    results.replaceChildren(
      table(['Name', 'Path', 'ID', 'Created'], rows, q ? 'No ' + kind + ' match “' + q + '”.' : 'No ' + kind + ' yet.'),
      h('div', { class: 'pager' },
        h('button', { type: 'button', disabled: pages.length === 1,
          onclick: () => { pages.pop(); load(); } }, 'Previous'),
        h('button', { type: 'button', disabled: !body.next,
          onclick: () => { pages.push(body.next); load(); } }, 'Next'),
        h('span', { class: 'muted', id: 'count' }, body.items.length
          ? `${first + 1}–${first + body.items.length} of ${body.matching}`
          : `0 of ${body.matching}`)));
  }

  const onSearch = debounce(() => {
    pages.length = 1;
    const query = new URLSearchParams(scope ? { scope } : {});
    if (search.value.trim()) query.set('q', search.value.trim());
    history.replaceState(null, '', '#/' + kind + (query.toString() ? '?' + query : ''));
    load().catch(showError);
  }, 150);
  search.addEventListener('input', onSearch);

  const toolbar = h('div', { class: 'toolbar' },
    h('label', {}, 'Search ' + kind, search),
    kind === 'policies' ? h('label', {}, 'Which policies',
      h('select', { id: 'scope', onchange: (e) => { location.hash = '#/policies?scope=' + e.target.value; } },
        h('option', { value: 'local', selected: scope === 'local' }, 'Customer managed'),
        h('option', { value: 'aws', selected: scope === 'aws' }, 'AWS managed'))) : null);
  show(token, h('h1', {}, TITLES[kind]), toolbar, results);
  return load();
}

async function userView(name, params, token) {
  const p = { UserName: name };
  const [user, tags, groups, attached, inline, keys, permissions] = await Promise.all([
    iam('GetUser', p),
    iamAll('ListUserTags', p, 'Tags'),
    iamAll('ListGroupsForUser', p, 'Groups'),
    iamAll('ListAttachedUserPolicies', p, 'AttachedPolicies'),
    iamAll('ListUserPolicies', p, 'PolicyNames'),
    iamAll('ListAccessKeys', p, 'AccessKeyMetadata'),
    getJson(apiUrl('permissions', { kind: 'user', name })),
  ]);
  const lastUsed = await Promise.all(keys.map((k) =>
    iam('GetAccessKeyLastUsed', { AccessKeyId: field(k, 'AccessKeyId') })));
  const arn = text(user, 'Arn');
  show(token,
    h('h1', {}, 'User ', name),
    card('Summary', facts([
      ['ARN', h('span', { class: 'mono' }, arn)],
      ['User ID', h('span', { class: 'mono' }, text(user, 'UserId'))],
      ['Path', text(user, 'Path')],
      ['Created', when(text(user, 'CreateDate'))],
      ['Password last used', when(text(user, 'PasswordLastUsed')) || 'never'],
      boundaryFacts(user),
      ['Inline policies', inline.map((m) => m.textContent).join(', ') || 'none'],
    ]), h('p', {}, h('a', { href: '#/simulator?' + new URLSearchParams({ principal: arn }) }, 'Simulate this user'))),
    card('Groups', table(['Group'], groups.map((g) =>
      h('tr', {}, h('td', {}, h('a', { href: entityHref('groups', field(g, 'GroupName')) }, field(g, 'GroupName'))))),
    'In no group.')),
    card('Attached policies', attachedTable(attached)),
    permissionsCard(permissions, { policy: params.get('policy'), statement: params.get('statement') }),
    card('Access keys', table(['Access key ID', 'Status', 'Created', 'Last used'],
      keys.map((k, i) => h('tr', {},
        h('td', { class: 'mono' }, field(k, 'AccessKeyId')),
        h('td', {}, field(k, 'Status')),
        h('td', {}, when(field(k, 'CreateDate'))),
        h('td', {}, lastUsedText(lastUsed[i])))), 'No access keys.')),
    card('Tags', tagsTable(tags)));
  scrollToFocus();
}

function lastUsedText(xml) {
  const date = text(xml, 'LastUsedDate');
  if (!date) return 'never';
  const service = text(xml, 'ServiceName');
  const region = text(xml, 'Region');
  return when(date) + (service && service !== 'N/A' ? ' · ' + service : '') +
    (region && region !== 'N/A' ? ' · ' + region : '');
}

async function roleView(name, params, token) {
  const p = { RoleName: name };
  const [role, attached, inline, permissions] = await Promise.all([
    iam('GetRole', p),
    iamAll('ListAttachedRolePolicies', p, 'AttachedPolicies'),
    iamAll('ListRolePolicies', p, 'PolicyNames'),
    getJson(apiUrl('permissions', { kind: 'role', name })),
  ]);
  const arn = text(role, 'Arn');
  const trust = urlDecoded(text(role, 'AssumeRolePolicyDocument'));
  const used = role.getElementsByTagName('RoleLastUsed')[0];
  show(token,
    h('h1', {}, 'Role ', name),
    card('Summary', facts([
      ['ARN', h('span', { class: 'mono' }, arn)],
      ['Role ID', h('span', { class: 'mono' }, text(role, 'RoleId'))],
      ['Path', text(role, 'Path')],
      ['Description', text(role, 'Description')],
      ['Created', when(text(role, 'CreateDate'))],
      ['Maximum session', text(role, 'MaxSessionDuration') + ' s'],
      ['Last used', used && field(used, 'LastUsedDate')
        ? when(field(used, 'LastUsedDate')) + ' · ' + field(used, 'Region') : 'never'],
      boundaryFacts(role),
      ['Inline policies', inline.map((m) => m.textContent).join(', ') || 'none'],
    ]), h('p', {}, h('a', { href: '#/simulator?' + new URLSearchParams({ principal: arn }) }, 'Simulate this role'))),
    card('Trust policy', policyDocument(trust, Number(params.get('trust')) || 0)),
    card('Attached policies', attachedTable(attached)),
    permissionsCard(permissions, { policy: params.get('policy'), statement: params.get('statement') }),
    card('Tags', tagsTable(members(role, 'Tags'))));
  scrollToFocus();
}

async function groupView(name, params, token) {
  const p = { GroupName: name };
  const [group, attached, inline, permissions] = await Promise.all([
    iamAll('GetGroup', p, 'Users').then((users) => ({ users, xml: users.first })),
    iamAll('ListAttachedGroupPolicies', p, 'AttachedPolicies'),
    iamAll('ListGroupPolicies', p, 'PolicyNames'),
    getJson(apiUrl('permissions', { kind: 'group', name })),
  ]);
  show(token,
    h('h1', {}, 'Group ', name),
    card('Summary', facts([
      ['ARN', h('span', { class: 'mono' }, text(group.xml, 'Arn'))],
      ['Group ID', h('span', { class: 'mono' }, text(group.xml, 'GroupId'))],
      ['Path', text(group.xml, 'Path')],
      ['Created', when(text(group.xml, 'CreateDate'))],
      ['Inline policies', inline.map((m) => m.textContent).join(', ') || 'none'],
    ])),
    card('Members', table(['User'], group.users.map((u) => h('tr', {},
      h('td', {}, h('a', { href: entityHref('users', field(u, 'UserName')) }, field(u, 'UserName'))))),
    'No members.')),
    card('Attached policies', attachedTable(attached)),
    permissionsCard(permissions, { policy: params.get('policy'), statement: params.get('statement') }));
  scrollToFocus();
}

async function policyView(arn, params, token) {
  const policy = await iam('GetPolicy', { PolicyArn: arn });
  const awsManaged = /^arn:[^:]+:iam::aws:policy\//.test(arn);
  const [version, entities, tags] = await Promise.all([
    iam('GetPolicyVersion', { PolicyArn: arn, VersionId: text(policy, 'DefaultVersionId') }),
    iam('ListEntitiesForPolicy', { PolicyArn: arn }),
    awsManaged ? [] : iamAll('ListPolicyTags', { PolicyArn: arn }, 'Tags'),
  ]);
  const documentText = urlDecoded(text(version, 'Document'));
  const rows = [];
  for (const [list, tag, kind] of [['PolicyUsers', 'UserName', 'users'],
    ['PolicyGroups', 'GroupName', 'groups'], ['PolicyRoles', 'RoleName', 'roles']]) {
    for (const m of members(entities, list)) {
      rows.push(h('tr', {}, h('td', {}, kind.slice(0, -1)),
        h('td', {}, h('a', { href: entityHref(kind, field(m, tag)) }, field(m, tag)))));
    }
  }
  show(token,
    h('h1', {}, 'Policy ', text(policy, 'PolicyName')),
    card('Summary', facts([
      ['ARN', h('span', { class: 'mono' }, arn)],
      ['Policy ID', h('span', { class: 'mono' }, text(policy, 'PolicyId'))],
      ['Path', text(policy, 'Path')],
      ['Description', text(policy, 'Description')],
      ['Default version', text(policy, 'DefaultVersionId')],
      ['Attachments', text(policy, 'AttachmentCount')],
      ['Used as a boundary', text(policy, 'PermissionsBoundaryUsageCount')],
      ['Created', when(text(policy, 'CreateDate'))],
      ['Updated', when(text(policy, 'UpdateDate'))],
    ])),
    card('Document', policyDocument(documentText, Number(params.get('statement')) || 0)),
    card('Attached to', table(['Kind', 'Name'], rows, 'Not attached to anything.')),
    awsManaged ? null : card('Tags', tagsTable(tags)));
  scrollToFocus();
}

// ---------------------------------------------------------------- decisions

function decisionsView(params, token) {
  const deniedOnly = h('input', { type: 'checkbox', id: 'denied-only', checked: params.get('denied') === '1' });
  const status = h('span', { class: 'live', 'aria-live': 'polite' }, h('span', { class: 'dot' }), 'connecting…');
  const body = h('tbody', {});
  const list = h('table', { id: 'decisions' },
    h('thead', {}, h('tr', {}, ['Time', 'Principal', 'Action', 'Resource', 'Decision', ''].map((t) => h('th', { scope: 'col' }, t)))),
    body);
  const empty = h('p', { class: 'muted', id: 'no-decisions' }, 'No decisions yet. Decisions are recorded in enforce and audit modes (--auth enforce, --auth audit).');
  const entries = [];
  const controller = new AbortController();
  state.leave = () => controller.abort();

  function visible(e) { return !deniedOnly.checked || e.decision !== 'allowed'; }

  function row(e) {
    const open = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Open');
    const tr = h('tr', { 'data-decision': e.decision, 'data-sequence': e.sequence },
      h('td', {}, when(e.time)),
      h('td', {}, principalLink(e.principal)),
      h('td', { class: 'mono' }, e.action),
      h('td', { class: 'mono' }, e.resource),
      h('td', {}, decisionBadge(e.decision)),
      h('td', {}, open));
    let detail = null;
    open.addEventListener('click', () => {
      if (detail) { detail.remove(); detail = null; open.setAttribute('aria-expanded', 'false'); return; }
      detail = h('tr', { class: 'detail-row' }, h('td', { colspan: 6 }, decisionDetail(e)));
      tr.after(detail);
      open.setAttribute('aria-expanded', 'true');
    });
    return tr;
  }

  function redraw() {
    body.replaceChildren(...entries.filter(visible).slice().reverse().slice(0, 500).map(row));
    empty.hidden = entries.some(visible);
  }
  deniedOnly.addEventListener('change', redraw);

  show(token, h('h1', {}, 'Decisions'),
    h('div', { class: 'toolbar' }, h('label', { class: 'inline' }, deniedOnly, 'Denials only'), status),
    empty, list);

  (async () => {
    const history = await getJson('/_localiam/decisions?limit=200');
    entries.push(...history.decisions);
    redraw();
    const response = await request('/_localiam/decisions?follow=1', { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error('the live stream was refused: HTTP ' + response.status);
    status.replaceChildren(h('span', { class: 'dot on' }), 'live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        if (!data) continue;
        const e = JSON.parse(data);
        if (entries.some((x) => x.sequence === e.sequence)) continue;
        entries.push(e);
        if (entries.length > 2000) entries.shift();
        if (!visible(e)) continue;
        empty.hidden = true;
        body.prepend(row(e));
      }
    }
    status.replaceChildren(h('span', { class: 'dot' }), 'the server ended the stream');
  })().catch((error) => {
    if (controller.signal.aborted) return;
    status.replaceChildren(h('span', { class: 'dot' }), 'not live: ' + error.message);
  });
}

function decisionDetail(e) {
  const entity = entityOf(e.principal);
  const statements = (e.statements || []).map((s) => {
    const focus = { policy: s.policyArn || s.policy, statement: s.index };
    let target = null;
    if (s.policyType === 'identity' || s.policyType === 'permissionsBoundary') {
      target = entity ? entityHref(entity.kind, entity.name, { account: entity.account, ...focus }) : null;
    }
    const role = s.policyType === 'trust' ? entityOf(e.resource) : null;
    if (role) target = entityHref(role.kind, role.name, { account: role.account, trust: s.index });
    if (!target && s.policyArn) target = policyHref(s.policyArn) + '?statement=' + s.index;
    const label = `${s.policy} · statement ${s.index}` + (s.sid ? ` (Sid ${s.sid})` : '') + ` · ${s.effect}`;
    return h('li', {}, target ? h('a', { href: target }, label) : label, ' ', badge(s.policyType));
  });
  return h('div', {},
    facts([
      ['Request ID', h('span', { class: 'mono' }, e.requestId)],
      ['Principal', h('span', { class: 'mono' }, e.principal)],
      ['Region', e.region],
      ['Decided by', e.decidedBy],
      ['Reason', e.reason],
      ['Context keys missing', (e.contextKeysMissing || []).join(', ')],
    ]),
    statements.length
      ? [h('h3', {}, e.decision === 'allowed' ? 'Allowed by' : 'Denied by'), h('ul', {}, statements)]
      : h('p', {}, 'No statement allowed this request. ',
        entity ? h('a', { href: entityHref(entity.kind, entity.name, { account: entity.account }) },
          'See the policies of ' + entity.name) : null));
}

// ---------------------------------------------------------------- simulator

function contextEntries(textValue) {
  const entries = [];
  for (const line of textValue.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error('context key line "' + line + '" needs key=value');
    const key = line.slice(0, eq).trim();
    const values = line.slice(eq + 1).split(',').map((v) => v.trim());
    let type = 'string';
    if (values.every((v) => v === 'true' || v === 'false')) type = 'boolean';
    else if (values.every((v) => /^-?\d+(\.\d+)?$/.test(v))) type = 'numeric';
    else if (values.every((v) => /^[0-9a-fA-F:.]+(\/\d+)?$/.test(v) && /[.:]/.test(v))) type = 'ip';
    else if (values.every((v) => /^\d{4}-\d\d-\d\dT/.test(v))) type = 'date';
    entries.push({ key, values, type: values.length > 1 ? type + 'List' : type });
  }
  return entries;
}

function simulatorView(params, token) {
  const principal = h('input', { type: 'text', id: 'sim-principal', list: 'sim-principals',
    value: params.get('principal') || '', placeholder: 'arn:aws:iam::…:user/alice (optional)' });
  const suggestions = h('datalist', { id: 'sim-principals' });
  const policies = h('textarea', { id: 'sim-policy', placeholder: '{"Version": "2012-10-17", "Statement": [...]}' });
  const actions = h('textarea', { id: 'sim-actions', required: true, placeholder: 's3:GetObject\niam:ListUsers' });
  const resources = h('textarea', { id: 'sim-resources', placeholder: 'arn:aws:s3:::bucket/key' });
  const context = h('textarea', { id: 'sim-context', placeholder: 'aws:SourceIp=10.0.0.1\naws:MultiFactorAuthPresent=true' });
  const result = h('div', { id: 'sim-result', 'aria-live': 'polite' });
  const message = h('p', { class: 'error', role: 'alert' });

  principal.addEventListener('input', debounce(async () => {
    const q = principal.value.includes(':') ? '' : principal.value.trim();
    if (!q) return;
    const found = await Promise.all(['users', 'roles', 'groups'].map((kind) =>
      getJson(apiUrl('list', { kind, q, limit: 10 }))));
    suggestions.replaceChildren(...found.flatMap((f) => f.items.map((e) => h('option', { value: e.arn }, e.name))));
  }, 200));

  async function run(event) {
    event.preventDefault();
    message.textContent = '';
    result.replaceChildren(h('p', { class: 'muted' }, 'Simulating…'));
    try {
      const p = {};
      const names = actions.value.split('\n').map((l) => l.trim()).filter(Boolean);
      if (!names.length) throw new Error('Name at least one action, such as s3:GetObject.');
      names.forEach((a, i) => { p['ActionNames.member.' + (i + 1)] = a; });
      resources.value.split('\n').map((l) => l.trim()).filter(Boolean)
        .forEach((r, i) => { p['ResourceArns.member.' + (i + 1)] = r; });
      contextEntries(context.value).forEach((c, i) => {
        const base = 'ContextEntries.member.' + (i + 1) + '.';
        p[base + 'ContextKeyName'] = c.key;
        p[base + 'ContextKeyType'] = c.type;
        c.values.forEach((v, j) => { p[base + 'ContextKeyValues.member.' + (j + 1)] = v; });
      });
      if (policies.value.trim()) p['PolicyInputList.member.1'] = policies.value.trim();
      let xml;
      let permissions = null;
      const source = iamEntityOf(principal.value.trim());
      if (principal.value.trim()) {
        p.PolicySourceArn = principal.value.trim();
        [xml, permissions] = await Promise.all([
          iam('SimulatePrincipalPolicy', p),
          source ? getJson(API + 'permissions?' + new URLSearchParams(
            { account: source.account, kind: source.kind, name: source.name })).catch(() => null) : null,
        ]);
      } else {
        if (!policies.value.trim()) throw new Error('Pick a principal or paste a policy.');
        xml = await iam('SimulateCustomPolicy', p);
      }
      result.replaceChildren(simulationTable(xml, permissions, source));
    } catch (error) {
      result.replaceChildren();
      message.textContent = error.message;
    }
  }

  const whoAction = h('input', { type: 'text', id: 'who-action', placeholder: 's3:GetObject' });
  const whoResource = h('input', { type: 'text', id: 'who-resource', placeholder: '* or an ARN' });
  const whoResult = h('div', { id: 'who-result', 'aria-live': 'polite' });
  async function whoCan(event) {
    event.preventDefault();
    whoResult.replaceChildren(h('p', { class: 'muted' }, 'Asking every user and role…'));
    try {
      const r = await getJson(apiUrl('who-can', { action: whoAction.value.trim(), resource: whoResource.value.trim() }));
      whoResult.replaceChildren(
        h('p', { class: 'muted' }, `${r.allowed.length} of ${r.checked} principals may ${r.action} on ${r.resource}` +
          (r.complete ? '.' : ` (stopped after ${r.checked} of ${r.total}: too many to ask at once).`) +
          ' The account root always may.'),
        table(['Principal', 'Allowed by'], r.allowed.map((a) => h('tr', {},
          h('td', {}, h('a', { href: entityHref(a.kind + 's', a.name) }, a.kind + '/' + a.name)),
          h('td', {}, a.statements.map((s) => h('div', {},
            h('a', { href: entityHref(a.kind + 's', a.name, { policy: s.policyArn || s.policy, statement: s.index }) },
              `${s.policy} · statement ${s.index}`)))))), 'No user or role may.'));
    } catch (error) {
      whoResult.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  show(token, h('h1', {}, 'Simulator'),
    h('p', { class: 'muted' }, 'The same engine as SimulatePrincipalPolicy and SimulateCustomPolicy: a principal’s own policies (with its groups and permissions boundary), policies you paste, or both.'),
    h('form', { class: 'card', id: 'sim-form', onsubmit: run },
      h('div', { class: 'grid2' },
        h('label', {}, 'Principal (user, group or role ARN)', principal, suggestions),
        h('label', {}, 'Context keys (key=value, one per line)', context)),
      h('label', {}, 'Policy to add (JSON, optional)', policies),
      h('div', { class: 'grid2' },
        h('label', {}, 'Actions (one per line)', actions),
        h('label', {}, 'Resources (one per line; empty: *)', resources)),
      message,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Run simulation'))),
    result,
    h('form', { class: 'card', id: 'who-form', onsubmit: whoCan },
      h('h2', {}, 'Who can do an action?'),
      h('div', { class: 'toolbar' },
        h('label', {}, 'Action', whoAction),
        h('label', {}, 'Resource', whoResource),
        h('button', { type: 'submit', class: 'primary' }, 'Who can?'))),
    whoResult);
}

// The user, group or role an IAM ARN names, or null.
function iamEntityOf(arn) {
  const m = /^arn:[^:]+:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn || '');
  return m ? { account: m[1], kind: m[2], name: m[3] } : null;
}

// A matched statement, named by its policy and number and linked to it on the principal's page
// when `permissions` (console/api/permissions of `source`) holds its policy; else as AWS names it.
function matchedStatement(m, permissions, source) {
  const id = field(m, 'SourcePolicyId');
  const start = m.getElementsByTagName('StartPosition')[0];
  const line = start ? Number(field(start, 'Line')) : 0;
  const column = start ? Number(field(start, 'Column')) : 0;
  for (const p of (permissions && permissions.policies) || []) {
    if (p.name !== id) continue;
    const index = p.statementStarts.findIndex((s) => s.line === line && s.column === column);
    if (index < 0) continue;
    const statement = (statementsOf(p.document) || [])[index] || {};
    const label = `${id} · statement ${index + 1}` + (statement.Sid ? ` (Sid ${statement.Sid})` : '');
    return h('div', {}, h('a', { href: entityHref(source.kind + 's', source.name,
      { account: source.account, policy: p.arn || p.name, statement: index + 1 }) }, label),
    ' ', badge(field(m, 'SourcePolicyType')));
  }
  return h('div', {}, `${id} (${field(m, 'SourcePolicyType')})` + (start ? `, line ${line}, column ${column}` : ''));
}

function simulationTable(xml, permissions, source) {
  const rows = members(xml, 'EvaluationResults').map((r) => {
    const matched = members(r, 'MatchedStatements').map((m) => matchedStatement(m, permissions, source));
    const missing = members(r, 'MissingContextValues').map((m) => m.textContent);
    return h('tr', { 'data-decision': field(r, 'EvalDecision') },
      h('td', { class: 'mono' }, field(r, 'EvalActionName')),
      h('td', { class: 'mono' }, field(r, 'EvalResourceName')),
      h('td', {}, decisionBadge(field(r, 'EvalDecision'))),
      h('td', {}, matched.length ? matched : h('span', { class: 'muted' }, 'none')),
      h('td', {}, missing.join(', ')));
  });
  return h('section', { class: 'card', 'aria-label': 'Simulation results' },
    h('h2', {}, 'Results'),
    table(['Action', 'Resource', 'Decision', 'Matched statements', 'Missing context keys'], rows));
}

// ---------------------------------------------------------------- server

async function serverView(token) {
  const [overview, clock] = await Promise.all([getJson(apiUrl('overview')), getJson('/_localiam/clock')]);
  const clockText = h('span', { id: 'clock-now', class: 'mono' });
  const message = h('p', { id: 'server-message', role: 'status', 'aria-live': 'polite' });
  function showClock(c) {
    const offset = c.offset_seconds;
    clockText.textContent = c.now + (Math.abs(offset) > 1 ? ` (${offset > 0 ? '+' : ''}${offset} s from real time)` : ' (real time)');
  }
  showClock(clock);
  async function moveClock(body) {
    const c = await getJson('/_localiam/clock', body === null ? { method: 'DELETE' } : {
      method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    showClock(c);
  }
  const setInput = h('input', { type: 'text', id: 'clock-set', placeholder: '2030-01-01T00:00:00Z' });
  const guard = (fn) => async () => {
    message.textContent = '';
    try { await fn(); } catch (error) { message.textContent = error.message; }
  };
  show(token, h('h1', {}, 'Server'),
    card('This server', facts([
      ['Version', overview.version],
      ['Auth mode', overview.auth],
      ['Default account', h('span', { class: 'mono' }, overview.defaultAccount)],
      ['Accounts', overview.accounts.map((a) => a.id + ' (' + a.partition + ')').join(', ')],
    ])),
    card('Clock', h('p', {}, 'Server time: ', clockText),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', onclick: guard(() => moveClock({ advance_seconds: 3600 })) }, 'Forward 1 hour'),
        h('button', { type: 'button', onclick: guard(() => moveClock({ advance_seconds: 86400 })) }, 'Forward 1 day'),
        h('button', { type: 'button', onclick: guard(() => moveClock({ advance_seconds: 30 * 86400 })) }, 'Forward 30 days'),
        h('button', { type: 'button', onclick: guard(() => moveClock(null)) }, 'Back to real time')),
      h('div', { class: 'toolbar' }, h('label', {}, 'Set the time (UTC)', setInput),
        h('button', { type: 'button', onclick: guard(() => moveClock({ now: setInput.value.trim() })) }, 'Set'))),
    card('State',
      h('p', { class: 'muted' }, 'The export holds every table, secret keys included.'),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', onclick: guard(exportState) }, 'Download the export'),
        h('button', { type: 'button', class: 'danger', onclick: guard(resetState) }, 'Reset every account…'))),
    message);

  async function exportState() {
    const response = await request('/_localiam/state');
    if (!response.ok) throw new Error('export failed: HTTP ' + response.status);
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: 'localiam-state.json' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    message.textContent = 'Export downloaded.';
  }
  async function resetState() {
    if (!confirm('Reset every account to its start state? Everything created since is lost.')) return;
    await getJson('/_localiam/reset', { method: 'POST' });
    message.textContent = 'Every account is back to its start state.';
  }
}

// ---------------------------------------------------------------- frame

function show(token, ...nodes) {
  if (token !== state.render) return;
  main.replaceChildren(...nodes.flat());
}

function showError(error) {
  main.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, error.message));
}

async function loadOverview() {
  const overview = await getJson(apiUrl('overview'));
  state.overview = overview;
  document.getElementById('version').textContent = overview.version;
  const known = overview.accounts.map((a) => a.id);
  if (!known.includes(state.account)) setAccount(overview.defaultAccount);
  const select = document.getElementById('account');
  select.replaceChildren(...known.map((id) => h('option', { value: id, selected: id === state.account }, id)));
  document.getElementById('account-switch').hidden = known.length < 2;
}

function setAccount(id) {
  state.account = id;
  sessionStorage.setItem('localiam.account', id);
  const select = document.getElementById('account');
  if (select.value !== id) select.value = id;
}

async function route() {
  if (state.leave) { state.leave(); state.leave = null; }
  const token = ++state.render;
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const section = parts[0] || 'users';
  if (params.get('account') && params.get('account') !== state.account) setAccount(params.get('account'));
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  main.setAttribute('aria-busy', 'true');  // the last view stays until this one has drawn
  try {
    if (!state.overview) await loadOverview();
    const name = parts.slice(1).join('/');
    if (TITLES[section] && !name) await listView(section, params, token);
    else if (section === 'users') await userView(name, params, token);
    else if (section === 'roles') await roleView(name, params, token);
    else if (section === 'groups') await groupView(name, params, token);
    else if (section === 'policies') await policyView(name, params, token);
    else if (section === 'decisions') decisionsView(params, token);
    else if (section === 'simulator') simulatorView(params, token);
    else if (section === 'server') await serverView(token);
    else show(token, h('h1', {}, 'Not found'), h('p', {}, 'No console page at #/' + path + '.'));
    document.title = (main.querySelector('h1')?.textContent || 'Console') + ' · localiam';
  } catch (error) {
    if (token === state.render) showError(error);
  }
  if (token === state.render) main.removeAttribute('aria-busy');
}

document.getElementById('account').addEventListener('change', (event) => {
  setAccount(event.target.value);
  route();
});
window.addEventListener('hashchange', route);
route();
