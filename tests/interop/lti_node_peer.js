#!/usr/bin/env node
// LTI 1.1 peer: npm `ims-lti` 3.0.2 as a tool and as an LMS's Outcomes endpoint, on loopback,
// for oauthsig's `oauthsig::lti` (tests/interop/harness/tests/lti.rs).
//
//   node lti_node_peer.js --key K --secret S
//
// Prints `READY <port>` (127.0.0.1, ephemeral port), then serves until killed:
//
//   POST /launch    a basic launch (form body): ims-lti's Provider.valid_request (its HMAC_SHA1
//                   signer and MemoryNonceStore). 200 {"valid": true, "user_id", "roles",
//                   "outcome_service": bool}, else 401 {"valid": false, "error"}.
//   POST /outcomes  an Outcomes request (XML, OAuth in the Authorization header): the body
//                   hash checked against the body (SHA-1), the signature recomputed with
//                   ims-lti's HMAC_SHA1.build_signature_raw over the header's parameters, the
//                   nonce through its MemoryNonceStore, the XML read with xml2js (ims-lti's own
//                   XML dependency). 200 with a POX response (codeMajor success) and
//                   `X-Peer-Result: {"operation", "sourcedid", "score"}`, else 401 text.
//
// Exits by itself after --max-lifetime seconds (default 120), should the test die first.
'use strict';

const crypto = require('crypto');
const http = require('http');
const querystring = require('querystring');
const url = require('url');
const path = require('path');
const modules = path.join(__dirname, 'node', 'node_modules');
const lti = require(path.join(modules, 'ims-lti'));
const HMAC_SHA1 = require(path.join(modules, 'ims-lti', 'lib', 'hmac-sha1'));
const MemoryNonceStore = require(path.join(modules, 'ims-lti', 'lib', 'memory-nonce-store'));
// ims-lti's own XML dependency, the version it resolved.
const xml2js = require(path.join(modules, 'xml2js'));

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i === -1 || i + 1 >= process.argv.length) {
    if (fallback !== undefined) return fallback;
    console.error(`missing ${name}`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

const key = arg('--key');
const secret = arg('--secret');
setTimeout(() => process.exit(0), Number(arg('--max-lifetime', '120')) * 1000).unref();
const launchNonces = new MemoryNonceStore();
const outcomeNonces = new MemoryNonceStore();

function reply(res, status, headers, body) {
  res.writeHead(status, Object.assign({ 'Content-Length': Buffer.byteLength(body) }, headers));
  res.end(body);
}

function handleLaunch(req, res, raw) {
  const body = querystring.parse(raw.toString('utf8'));
  const provider = new lti.Provider(key, secret, launchNonces);
  provider.valid_request(req, body, (err, valid) => {
    const out = valid
      ? { valid: true, user_id: provider.userId, roles: provider.body.roles,
          outcome_service: Boolean(provider.outcome_service) }
      : { valid: false, error: String(err && err.message) };
    reply(res, valid ? 200 : 401, { 'Content-Type': 'application/json' }, JSON.stringify(out));
  });
}

// The Authorization header's parameters, percent-decoded (RFC 5849 3.5.1).
function authParams(header) {
  const out = {};
  const re = /([a-z_]+)="([^"]*)"/g;
  let m;
  while ((m = re.exec(header || '')) !== null) {
    if (m[1] !== 'realm') out[m[1]] = decodeURIComponent(m[2]);
  }
  return out;
}

function checkOutcomeOAuth(req, raw, done) {
  const params = authParams(req.headers.authorization);
  const hash = crypto.createHash('sha1').update(raw).digest('base64');
  if (params.oauth_body_hash !== hash) return done('body hash mismatch');
  if (params.oauth_consumer_key !== key) return done('unknown consumer');
  const parsed = url.parse(req.url, true);
  const hitUrl = 'http://' + req.headers.host + parsed.pathname;
  const signer = new HMAC_SHA1();
  const expected = signer.build_signature_raw(hitUrl, parsed, 'POST', params, secret);
  if (expected !== params.oauth_signature) return done('invalid signature');
  outcomeNonces.isNew(params.oauth_nonce, params.oauth_timestamp, (err, fresh) =>
    done(fresh ? null : 'used nonce'));
}

function first(node, path) {
  for (const step of path) {
    if (!node || !node[step]) return undefined;
    node = node[step][0];
  }
  return typeof node === 'object' ? node._ : node;
}

function poxResponse(operation, messageRef) {
  const body = operation === 'readResult'
    ? '<readResultResponse><result><resultScore><language>en</language><textString>0.25</textString></resultScore></result></readResultResponse>'
    : `<${operation}Response/>`;
  return '<?xml version="1.0" encoding="UTF-8"?><imsx_POXEnvelopeResponse xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">' +
    '<imsx_POXHeader><imsx_POXResponseHeaderInfo><imsx_version>V1.0</imsx_version><imsx_messageIdentifier>node-1</imsx_messageIdentifier>' +
    '<imsx_statusInfo><imsx_codeMajor>success</imsx_codeMajor><imsx_severity>status</imsx_severity><imsx_description>ok</imsx_description>' +
    `<imsx_messageRefIdentifier>${messageRef}</imsx_messageRefIdentifier><imsx_operationRefIdentifier>${operation}</imsx_operationRefIdentifier>` +
    `</imsx_statusInfo></imsx_POXResponseHeaderInfo></imsx_POXHeader><imsx_POXBody>${body}</imsx_POXBody></imsx_POXEnvelopeResponse>`;
}

function handleOutcome(req, res, raw) {
  checkOutcomeOAuth(req, raw, (problem) => {
    if (problem) return reply(res, 401, { 'Content-Type': 'text/plain' }, problem);
    xml2js.parseString(raw.toString('utf8'), (err, doc) => {
      if (err) return reply(res, 400, { 'Content-Type': 'text/plain' }, 'bad xml');
      const env = doc.imsx_POXEnvelopeRequest;
      const body = env.imsx_POXBody[0];
      const operation = ['replaceResult', 'readResult', 'deleteResult'].find((op) => body[op + 'Request']);
      const record = body[operation + 'Request'][0].resultRecord[0];
      const result = {
        operation,
        sourcedid: first(record, ['sourcedGUID', 'sourcedId']),
        score: first(record, ['result', 'resultScore', 'textString']) || null,
      };
      const ref = first(env, ['imsx_POXHeader', 'imsx_POXRequestHeaderInfo', 'imsx_messageIdentifier']);
      reply(res, 200, { 'Content-Type': 'application/xml', 'X-Peer-Result': JSON.stringify(result) },
        poxResponse(operation, ref));
    });
  });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const path = url.parse(req.url).pathname;
    if (req.method === 'POST' && path === '/launch') return handleLaunch(req, res, raw);
    if (req.method === 'POST' && path === '/outcomes') return handleOutcome(req, res, raw);
    reply(res, 404, { 'Content-Type': 'text/plain' }, 'not found');
  });
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
