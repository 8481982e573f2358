// Runs what a user of zcrmsdk 1.1.0 does against `zcrmrun sandbox` over
// plain HTTP:
//
//   node run.js '<the sandbox --json line>' RESOURCE_DIR
//
// RESOURCE_DIR is where the SDK keeps its fields cache and log. Each call
// prints one JSON line {call, status, ...} or {call, error}, so a caller
// sees every call's outcome even when a later one fails.
'use strict';
const Initializer = require('zcrmsdk/routes/initializer').Initializer;
const { OAuthToken, TokenType } = require('zcrmsdk/models/authenticator/oauth_token');
const UserSignature = require('zcrmsdk/routes/user_signature').UserSignature;
const { Logger, Levels } = require('zcrmsdk/routes/logger/logger');
const Environment = require('zcrmsdk/routes/dc/environment').Environment;
const TokenStore = require('zcrmsdk/models/authenticator/store/token_store').TokenStore;
const SDKConfigBuilder = require('zcrmsdk/routes/sdk_config_builder').MasterModel;
const ParameterMap = require('zcrmsdk/routes/parameter_map').ParameterMap;
const { RecordOperations, GetRecordsParam } = require('zcrmsdk/core/com/zoho/crm/api/record/record_operations');
const ResponseWrapper = require('zcrmsdk/core/com/zoho/crm/api/record/response_wrapper').ResponseWrapper;
const ActionWrapper = require('zcrmsdk/core/com/zoho/crm/api/record/action_wrapper').ActionWrapper;
const APIException = require('zcrmsdk/core/com/zoho/crm/api/record/api_exception').APIException;
const BodyWrapper = require('zcrmsdk/core/com/zoho/crm/api/record/body_wrapper').BodyWrapper;
const ZRecord = require('zcrmsdk/core/com/zoho/crm/api/record/record').Record;
const path = require('path');

// An in-memory TokenStore. getToken must copy onto the token it is given
// (zcrmsdk.md A7), otherwise the SDK sends "Zoho-oauthtoken null".
class MemoryStore extends TokenStore {
  constructor() { super(); this.tokens = new Map(); }
  key(user, token) { return `${user.email}|${token.clientID}`; }
  getToken(user, token) {
    const t = this.tokens.get(this.key(user, token));
    if (!t) return null;
    token.accessToken = t.accessToken;
    token.refreshToken = t.refreshToken;
    token.expiresIn = t.expiresIn;
    return token;
  }
  saveToken(user, token) {
    this.tokens.set(this.key(user, token), {
      accessToken: token.accessToken, refreshToken: token.refreshToken, expiresIn: token.expiresIn,
    });
  }
  deleteToken(token) { for (const k of this.tokens.keys()) if (k.endsWith(`|${token.clientID}`)) this.tokens.delete(k); }
  getTokens() { return []; }
  deleteTokens() { this.tokens.clear(); }
}

const out = (o) => console.log(JSON.stringify(o));

function apiError(call, res) {
  const o = res.object;
  if (o instanceof APIException) {
    out({ call, status: res.statusCode, error: `${o.getCode().getValue()}: ${o.getMessage().getValue()}` });
  } else {
    out({ call, status: res.statusCode, error: 'unexpected response object' });
  }
}

// records reports the records of a ResponseWrapper: ids as strings and a
// few fields, converted back from the SDK's types.
function records(call, res) {
  if (res === null) { out({ call, error: 'no response' }); return []; }
  if (res.statusCode === 204) { out({ call, status: 204, records: [] }); return []; }
  if (!(res.object instanceof ResponseWrapper)) { apiError(call, res); return []; }
  const recs = res.object.getData().map((r) => ({
    id: r.getId().toString(),
    Last_Name: r.getKeyValue('Last_Name'),
    Email: r.getKeyValue('Email'),
  }));
  out({ call, status: res.statusCode, records: recs });
  return recs;
}

// actions reports an ActionWrapper: per-record status, code and id.
function actions(call, res) {
  if (res === null) { out({ call, error: 'no response' }); return []; }
  if (!(res.object instanceof ActionWrapper)) { apiError(call, res); return []; }
  const results = res.object.getData().map((a) => {
    const details = a.getDetails ? a.getDetails() : null;
    const id = details && details.get('id');
    return {
      status: a.getStatus().getValue(),
      code: a.getCode().getValue(),
      id: id === undefined || id === null ? null : id.toString(),
    };
  });
  out({ call, status: res.statusCode, results });
  return results;
}

async function step(call, fn) {
  try { return await fn(); } catch (e) {
    out({ call, error: String((e && (e.message || e.code)) || e) + (e && e.details ? ' ' + JSON.stringify(e.details) : '') });
    return undefined;
  }
}

async function main() {
  const info = JSON.parse(process.argv[2]);
  const resourceDir = process.argv[3];
  await Initializer.initialize(
    new UserSignature('sandbox@node.example'),
    new Environment(info.api_url, info.token_url, info.api_url),
    new OAuthToken(info.client_id, info.client_secret, info.refresh_token, TokenType.REFRESH),
    new MemoryStore(),
    new SDKConfigBuilder().setAutoRefreshFields(false).setPickListValidation(false).build(),
    resourceDir,
    Logger.getInstance(Levels.INFO, path.join(resourceDir, 'sdk.log')),
  );
  const ops = new RecordOperations();

  const listed = await step('list', async () => {
    const p = new ParameterMap();
    await p.add(GetRecordsParam.PAGE, 1);
    await p.add(GetRecordsParam.PER_PAGE, 5);
    return records('list', await ops.getRecords('Leads', p));
  }) || [];
  const id = listed.length ? listed[0].id : null;
  await step('list_ids', async () => {
    const p = new ParameterMap();
    await p.add(GetRecordsParam.IDS, BigInt(id));
    return records('list_ids', await ops.getRecords('Leads', p));
  });
  await step('get', async () => records('get', await ops.getRecord(BigInt(id), 'Leads')));
  // Contacts has a lookup (Account_Name): the SDK follows it to Accounts'
  // fields and dereferences the lookup's module.
  await step('list_contacts', async () => {
    const p = new ParameterMap();
    await p.add(GetRecordsParam.PER_PAGE, 5);
    return records('list_contacts', await ops.getRecords('Contacts', p));
  });

  // Two records in one create: the first is updated and kept, the second
  // deleted, so the caller can check both outcomes in the emulator.
  const stamp = `v1-${process.pid}-${Date.now()}`;
  const created = await step('create', async () => {
    const body = new BodyWrapper();
    body.setData(['keep', 'drop'].map((tag) => {
      const rec = new ZRecord();
      rec.addKeyValue('Last_Name', `Node ${stamp} ${tag}`);
      rec.addKeyValue('Company', 'zcrmsdk 1.1.0');
      rec.addKeyValue('Email', `${stamp}.${tag}@node.example`);
      return rec;
    }));
    return actions('create', await ops.createRecords('Leads', body));
  }) || [];
  if (created.length !== 2 || !created[0].id || !created[1].id) {
    for (const call of ['update', 'get_updated', 'delete']) out({ call, error: 'skipped: create returned no ids' });
    return;
  }
  const [keep, drop] = created.map((r) => BigInt(r.id));
  await step('update', async () => {
    const rec = new ZRecord();
    rec.addKeyValue('Last_Name', `Node ${stamp} updated`);
    const body = new BodyWrapper();
    body.setData([rec]);
    return actions('update', await ops.updateRecord(keep, 'Leads', body));
  });
  await step('get_updated', async () => records('get_updated', await ops.getRecord(keep, 'Leads')));
  await step('delete', async () => actions('delete', await ops.deleteRecord(drop, 'Leads')));
}

setTimeout(() => { out({ call: 'fatal', error: 'timed out' }); process.exit(4); }, 60000).unref();
main().then(() => process.exit(0), (e) => { out({ call: 'fatal', error: String((e && (e.message || e.code)) || e) }); process.exit(3); });
