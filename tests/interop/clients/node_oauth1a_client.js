#!/usr/bin/env node
// Independent OAuth 1.0a client peer: signs with the npm package `oauth-1.0a` (pinned in
// ../node/package-lock.json), HMACs from node's crypto, sends with node's http module.
//
// Sends, to --base, with the OAuth parameters in the Authorization header:
//     GET  /resource?q=hello%20world&x=1&x=2
//     POST /resource   body a=1&b=caf%C3%A9&b=%21 (application/x-www-form-urlencoded)
// and prints `<METHOD> <path> <status>` per request. Exit status: 0 if every answer was 200,
// 1 otherwise, 2 on usage errors, 3 for an unsupported signature method.
//
// --dump prints each signed request as one JSON line instead of sending it:
//     {"method": .., "url": .., "headers": {..}, "body": str|null}
//
// RSA-SHA1, RSA-SHA256 and RSA-SHA512 sign with the PEM private key in --private-key FILE
// (node's crypto.createSign, i.e. OpenSSL, RSASSA-PKCS1-v1_5); the secrets are then unused.
//
// Library notes (why the code below looks the way it does):
//  * oauth-1.0a's default nonce is 32 characters; oauthlib (our reference provider) only
//    accepts 20..30, so the documented `nonce_length` option is set to 30. Its nonces come
//    from Math.random (not a CSPRNG) - acceptable for a test peer only.
//  * `authorize()` merges the URL's query parameters INTO the `data` object it is given, so
//    it gets a fresh copy of the form parameters; the body sent is the original string.
//  * The library computes the base string and hands it, with the key `secret&token_secret`,
//    to the `hash_function` it is given; the method name is just the `signature_method`
//    string. So HMAC-SHA512 and the RSA methods are a hash_function each (RSA ignores the
//    key it is handed and signs with the private key).
//  * It decodes query values with decodeURIComponent but leaves query *names* undecoded and
//    treats '+' literally; the fixed requests here avoid both.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const OAuth = require(path.join(__dirname, '..', 'node', 'node_modules', 'oauth-1.0a'));

const GET_PATH = '/resource?q=hello%20world&x=1&x=2';
const FORM_BODY = 'a=1&b=caf%C3%A9&b=%21';
const FORM = 'application/x-www-form-urlencoded';
const HASHES = { 'HMAC-SHA1': 'sha1', 'HMAC-SHA256': 'sha256', 'HMAC-SHA512': 'sha512' };
const RSA_HASHES = { 'RSA-SHA1': 'sha1', 'RSA-SHA256': 'sha256', 'RSA-SHA512': 'sha512' };
const METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA512', 'PLAINTEXT', 'RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512'];

function usage(msg) {
  process.stderr.write(
    (msg ? msg + '\n' : '') +
      'usage: node_oauth1a_client.js --base URL --consumer-key K --consumer-secret S ' +
      '--token T --token-secret TS [--signature-method ' + METHODS.join('|') + '] ' +
      '[--private-key FILE] [--dump]\n'
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { 'signature-method': 'HMAC-SHA1', dump: false };
  const valued = ['base', 'consumer-key', 'consumer-secret', 'token', 'token-secret', 'signature-method'];
  const optional = ['private-key'];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (argv[i] === '--dump') {
      opts.dump = true;
    } else if (argv[i].startsWith('--') && (valued.includes(name) || optional.includes(name)) && i + 1 < argv.length) {
      opts[name] = argv[++i];
    } else {
      usage('unknown or incomplete argument: ' + argv[i]);
    }
  }
  for (const name of valued) {
    if (opts[name] === undefined) usage('missing --' + name);
  }
  if (!METHODS.includes(opts['signature-method'])) {
    process.stderr.write('unsupported signature method: ' + opts['signature-method'] + '\n');
    process.exit(3);
  }
  if (RSA_HASHES[opts['signature-method']] && opts['private-key'] === undefined) {
    usage(opts['signature-method'] + ' needs --private-key');
  }
  return opts;
}

// oauth-1.0a wants decoded form data as {name: value | [values...]}.
function formData(body) {
  const data = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (!(name in data)) data[name] = value;
    else if (Array.isArray(data[name])) data[name].push(value);
    else data[name] = [data[name], value];
  }
  return data;
}

function signedRequests(opts) {
  const method = opts['signature-method'];
  const config = {
    consumer: { key: opts['consumer-key'], secret: opts['consumer-secret'] },
    signature_method: method,
    nonce_length: 30,
  };
  if (HASHES[method]) {
    config.hash_function = (baseString, key) =>
      crypto.createHmac(HASHES[method], key).update(baseString).digest('base64');
  } else if (RSA_HASHES[method]) {
    const privateKey = crypto.createPrivateKey(fs.readFileSync(opts['private-key']));
    config.hash_function = (baseString) =>
      crypto.createSign(RSA_HASHES[method]).update(baseString).sign(privateKey, 'base64');
  } // PLAINTEXT: the library's built-in hash_function returns the signing key.
  const oauth = OAuth(config);
  const token = { key: opts.token, secret: opts['token-secret'] };
  const base = opts.base.replace(/\/+$/, '');

  const get = { method: 'GET', url: base + GET_PATH };
  const post = { method: 'POST', url: base + '/resource', body: FORM_BODY };
  return [get, post].map((req) => {
    const data = req.body ? formData(req.body) : {};
    const headers = oauth.toHeader(oauth.authorize({ url: req.url, method: req.method, data }, token));
    if (req.body) headers['Content-Type'] = FORM;
    return { method: req.method, url: req.url, headers, body: req.body || null };
  });
}

function send(req) {
  return new Promise((resolve) => {
    const headers = Object.assign({}, req.headers);
    if (req.body !== null) headers['Content-Length'] = Buffer.byteLength(req.body);
    const r = http.request(req.url, { method: req.method, headers, timeout: 10000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) process.stderr.write(req.method + ': ' + text);
        resolve(res.statusCode);
      });
    });
    r.on('timeout', () => r.destroy(new Error('timed out')));
    r.on('error', (e) => {
      process.stderr.write(req.method + ': ' + e.message + '\n');
      resolve(0);
    });
    if (req.body !== null) r.write(req.body);
    r.end();
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const requests = signedRequests(opts);
  if (opts.dump) {
    for (const req of requests) process.stdout.write(JSON.stringify(req) + '\n');
    return 0;
  }
  let allOk = true;
  for (const req of requests) {
    const status = await send(req);
    process.stdout.write(`${req.method} ${new URL(req.url).pathname} ${status}\n`);
    allOk = allOk && status === 200;
  }
  return allOk ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    process.exitCode = 1;
  }
);
