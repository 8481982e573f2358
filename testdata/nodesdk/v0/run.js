// Runs what a user of zcrmsdk 0.0.20 does against `zcrmrun sandbox --tls`.
//
//   NODE_EXTRA_CA_CERTS=<ca_cert> node run.js '<the sandbox --json line>'
//
// Each call prints one JSON line {call, status, body} (or {call, error}), so
// a caller sees every call's outcome even when a later one fails. Run it
// from a directory without resources/*.properties: 0.0.20 lets those
// override the configuration given to initialize (zcrmsdk.md B1).
'use strict';
const path = require('path');
const crm = require('zcrmsdk');

const info = JSON.parse(process.argv[2]);
const host = new URL(info.api_url).host; // 0.0.20 wants host:port and adds https:// itself

function report(call, res) {
  if (res instanceof Error) {
    console.log(JSON.stringify({ call, error: res.message }));
    return null;
  }
  if (typeof res === 'string') { // 0.0.20 resolves a 204 as a JSON string
    console.log(JSON.stringify({ call, status: 204, body: null }));
    return null;
  }
  let body = null;
  try { body = JSON.parse(res.body); } catch (e) { body = res.body; }
  console.log(JSON.stringify({ call, status: res.statusCode, body }));
  return body;
}

const firstID = (body) => body && body.data && body.data[0] && (body.data[0].id || (body.data[0].details || {}).id);

async function main() {
  await crm.initialize({
    client_id: info.client_id,
    client_secret: info.client_secret,
    redirect_url: 'http://127.0.0.1/callback',
    iamurl: host,
    base_url: host,
    user_identifier: 'node-v0',
    tokenmanagement: path.join(__dirname, 'tokens.js'),
  });
  const tok = await crm.generateAuthTokenfromRefreshToken('node-v0', info.refresh_token);
  console.log(JSON.stringify({ call: 'refresh', ok: Boolean(tok && tok.access_token) }));

  const list = report('list', await crm.API.MODULES.get({ module: 'Leads', params: { page: 1, per_page: 5 } }));
  const id = firstID(list);
  // The seed SDK sends the ids unencoded with a trailing '&'.
  report('list_ids', await crm.API.MODULES.get({ module: 'Leads', params: { ids: id, fields: 'Last_Name,Email' } }));
  report('get', await crm.API.MODULES.get({ module: 'Leads', id }));
  report('list_contacts', await crm.API.MODULES.get({ module: 'Contacts', params: { per_page: 5 } }));

  // Two records in one create: the first is updated and kept, the second
  // deleted, so the caller can check both outcomes in the emulator.
  const stamp = `v0-${process.pid}-${Date.now()}`;
  const created = report('create', await crm.API.MODULES.post({
    module: 'Leads',
    body: { data: [
      { Last_Name: `Node ${stamp} keep`, Company: 'zcrmsdk 0.0.20', Email: `${stamp}.keep@node.example` },
      { Last_Name: `Node ${stamp} drop`, Company: 'zcrmsdk 0.0.20', Email: `${stamp}.drop@node.example` },
    ] },
  }));
  const ids = ((created && created.data) || []).map((r) => (r.details || {}).id);
  if (ids.length !== 2 || !ids[0] || !ids[1]) {
    for (const call of ['update', 'get_updated', 'delete']) {
      console.log(JSON.stringify({ call, error: 'skipped: create returned no ids' }));
    }
    return;
  }
  report('update', await crm.API.MODULES.put({
    module: 'Leads', id: ids[0], body: { data: [{ Last_Name: `Node ${stamp} updated` }] },
  }));
  report('get_updated', await crm.API.MODULES.get({ module: 'Leads', id: ids[0] }));
  report('delete', await crm.API.MODULES.delete({ module: 'Leads', id: ids[1] }));
}

// 0.0.20 throws inside .then on some failures, leaving promises that never
// settle; report and stop instead of hanging.
process.on('unhandledRejection', (e) => { console.log(JSON.stringify({ call: 'fatal', error: String(e && e.message || e) })); process.exit(3); });
setTimeout(() => { console.log(JSON.stringify({ call: 'fatal', error: 'timed out' })); process.exit(4); }, 60000).unref();
main().then(() => process.exit(0), (e) => { console.log(JSON.stringify({ call: 'fatal', error: String(e && e.message || e) })); process.exit(3); });
