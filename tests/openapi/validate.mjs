#!/usr/bin/env node
// Checks every response the API tests recorded against docs/openapi.yaml, so that the document
// and the server cannot drift apart.
//
//   node tests/openapi/validate.mjs [--document docs/openapi.yaml] LOG...
//
// A LOG is what the tests write when FACILITATOR_RESPONSE_LOG names it (tests/support/
// response_log.cpp): one JSON line per exchange with method, path, query, status, content_type
// and body. For each exchange this finds the operation (the path against the document's path
// templates, a literal segment beating a template one, and the method), the response object for
// the status (the status itself, else its range key such as 4XX, else `default`), checks that the
// Content-Type is one the response lists, and validates a JSON body against that media type's
// schema with ajv. docs/openapi.yaml is OpenAPI 3.1, whose schemas are JSON Schema 2020-12 (no
// `nullable`: null is a type), so ajv's 2020-12 validator takes them as they are.
//
// An exchange fails when its route or its status is not in the document, when its Content-Type is
// not listed for the response, or when its body does not match the schema. Not checked:
//   * the web UI's files: paths outside /api/ other than /health;
//   * a request line the server cannot parse: a hand-made request (TestServer::raw) whose first
//     line is not `METHOD /target HTTP/1.x`, answered 400. No route can be found for it.
// Answers the server gives without an operation are checked against the shared responses in
// `components.responses` (see NO_OPERATION below).
//
// Prints the number of exchanges per operation and status, then each failure with its exchange
// and the validator's message. Exits 1 on any failure, and when the logs hold no exchange at all.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const DOCUMENT_ID = 'https://facilitator.invalid/openapi.yaml';

// What the server answers when no operation takes the request, by status: for an address the
// document has no path for (404), a path without the method (405), and what is refused before
// routing (a malformed path, query or header: 400; a request line too long: 414; a request head
// too large: 431; no capacity: 503). Each must be the shared response named here.
const NO_OPERATION = {
  unknownPath: { 404: 'NotFound', 400: 'BadRequest', 414: 'UriTooLong', 431: 'RequestHeadTooLarge', 503: 'Unavailable' },
  unknownMethod: { 405: 'MethodNotAllowed', 400: 'BadRequest', 414: 'UriTooLong', 431: 'RequestHeadTooLarge', 503: 'Unavailable' },
};

function usage() {
  console.error('usage: node tests/openapi/validate.mjs [--document docs/openapi.yaml] LOG...');
  process.exit(2);
}

function parseArguments(argv) {
  let document = resolve(here, '../../docs/openapi.yaml');
  const logs = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--document') {
      if (i + 1 >= argv.length) usage();
      document = argv[++i];
    } else if (argv[i] === '-h' || argv[i] === '--help' || argv[i].startsWith('-')) {
      usage();
    } else {
      logs.push(argv[i]);
    }
  }
  if (logs.length === 0) usage();
  return { document, logs };
}

const escapePointer = (key) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const pointer = (...keys) => '#/' + keys.map(escapePointer).join('/');

/// Follows a `$ref` within the document; returns the object and its JSON pointer.
function dereference(document, object, at) {
  while (object && typeof object.$ref === 'string') {
    const ref = object.$ref;
    if (!ref.startsWith('#/')) throw new Error(`${at}: only references within the document are supported: ${ref}`);
    object = ref
      .slice(2)
      .split('/')
      .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((node, key) => node?.[key], document);
    if (object === undefined) throw new Error(`${at}: ${ref} names nothing`);
    at = ref;
  }
  return { object, at };
}

/// The document's path templates as regular expressions, most literal first, so that
/// /api/v1/projects/export is taken before /api/v1/projects/{id}.
function pathMatchers(document) {
  return Object.keys(document.paths ?? {})
    .map((template) => {
      const segments = template.split('/');
      const source = segments
        .map((segment) =>
          segment
            .split(/(\{[^}]+\})/)
            .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join(''),
        )
        .join('/');
      const literal = segments.filter((segment) => !segment.includes('{')).length;
      return { template, regex: new RegExp(`^${source}$`), literal };
    })
    .sort((a, b) => b.literal - a.literal || a.template.localeCompare(b.template));
}

const mediaTypeOf = (contentType) => (contentType ?? '').split(';')[0].trim().toLowerCase();
const isJson = (mediaType) => mediaType === 'application/json' || mediaType.endsWith('+json');

/// The media type object of `content` for `mediaType`: an exact key, else `type/*`, else `*/*`.
function mediaTypeEntry(content, mediaType) {
  const keys = Object.keys(content);
  const find = (wanted) => keys.find((key) => key.toLowerCase() === wanted);
  return find(mediaType) ?? find(mediaType.replace(/\/.*/, '/*')) ?? find('*/*');
}

/// A request line the server cannot parse: not `METHOD /target HTTP/1.x`.
const unparseableRequestLine = (line) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+ \/[^ ]* HTTP\/1\.[01]$/.test(line);

function readExchanges(logs, failures) {
  const exchanges = [];
  for (const log of logs) {
    const lines = readFileSync(log, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        exchanges.push(JSON.parse(line));
      } catch (error) {
        failures.push({ exchange: null, message: `${log}:${index + 1}: not a JSON line (${error.message})` });
      }
    });
  }
  return exchanges;
}

function main() {
  const { document: documentPath, logs } = parseArguments(process.argv.slice(2));
  const document = YAML.parse(readFileSync(documentPath, 'utf8'));
  if (!/^3\.1\./.test(document.openapi ?? '')) {
    console.error(`${documentPath}: OpenAPI ${document.openapi}; this check reads 3.1 (JSON Schema 2020-12 schemas)`);
    process.exit(2);
  }

  // The document as one schema resource, so that a schema's `#/components/schemas/...` resolves
  // in it. `example`, `discriminator`, `xml` and `externalDocs` are OpenAPI's own schema
  // keywords, which say nothing about validity; the document's top-level members are declared
  // the same way so that strict mode takes the document's root, which holds no schema keyword.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  ajv.addVocabulary(Object.keys(document).filter((key) => !ajv.getKeyword(key)));
  ajv.addSchema(document, DOCUMENT_ID);
  const validators = new Map();
  const validatorAt = (at) => {
    if (!validators.has(at)) validators.set(at, ajv.compile({ $ref: DOCUMENT_ID + at }));
    return validators.get(at);
  };

  const matchers = pathMatchers(document);
  const failures = [];
  const exchanges = readExchanges(logs, failures);
  const counts = new Map(); // operation -> status -> number
  const count = (operation, status) => {
    if (!counts.has(operation)) counts.set(operation, new Map());
    const statuses = counts.get(operation);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  };
  const notChecked = { ui: 0, malformed: 0 };

  for (const exchange of exchanges) {
    const fail = (message) => failures.push({ exchange, message });
    const { method, path, status } = exchange;
    if (exchange.raw && unparseableRequestLine(exchange.request_line ?? '') && status === 400) {
      notChecked.malformed += 1;
      continue;
    }
    if (!path.startsWith('/api/') && path !== '/health') {
      notChecked.ui += 1;
      continue;
    }

    // The response object: the operation's for the status, or a shared one when no operation
    // takes the request.
    const match = matchers.find((matcher) => matcher.regex.test(path));
    const pathItem = match && document.paths[match.template];
    // HEAD is answered wherever GET is, as GET without the body (the document says so once).
    const operationMethod = method === 'HEAD' && !pathItem?.head ? 'get' : String(method).toLowerCase();
    const operation = pathItem?.[operationMethod];
    let response;
    let label;
    if (operation) {
      label = operation.operationId ?? `${method} ${match.template}`;
      const responses = operation.responses ?? {};
      const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
      if (key === undefined) {
        count(label, status);
        fail(`status ${status} is not documented for ${label} (${method} ${match.template})`);
        continue;
      }
      const at = pointer('paths', match.template, operationMethod, 'responses', key);
      response = dereference(document, responses[key], at);
    } else {
      const table = match ? NO_OPERATION.unknownMethod : NO_OPERATION.unknownPath;
      label = match ? `(no ${method} on ${match.template})` : '(no such path)';
      count(label, status);
      const name = table[status];
      if (name === undefined) {
        fail(
          match
            ? `${method} is not documented for ${match.template}, and the answer is not 405`
            : `${path} matches no path of the document, and the answer is not 404`,
        );
        continue;
      }
      if (!document.components?.responses?.[name]) {
        fail(`the document has no components.responses.${name} for this answer`);
        continue;
      }
      response = dereference(document, document.components.responses[name], pointer('components', 'responses', name));
    }
    if (operation) count(label, status);

    // The body: its Content-Type listed for the response, a JSON body valid against the schema.
    const content = response.object.content;
    const mediaType = mediaTypeOf(exchange.content_type);
    const body = exchange.body ?? '';
    if (!content || Object.keys(content).length === 0) {
      if (body !== '') {
        const type = exchange.content_type || 'no Content-Type';
        fail(`the response has no content in the document, but a body of ${body.length} characters (${type})`);
      }
      continue;
    }
    const key = mediaType && mediaTypeEntry(content, mediaType);
    if (!key) {
      const type = exchange.content_type ? `"${exchange.content_type}"` : 'missing';
      fail(`Content-Type ${type}; the document lists ${Object.keys(content).join(', ')}`);
      continue;
    }
    if (!isJson(mediaType) || !content[key].schema) continue;
    if (body === '' && method === 'HEAD') continue;
    let value;
    try {
      value = JSON.parse(body);
    } catch (error) {
      fail(`the body is not JSON: ${error.message}`);
      continue;
    }
    const at = `${response.at}/content/${escapePointer(key)}/schema`;
    const validate = validatorAt(at);
    if (!validate(value)) {
      const errors = validate.errors.map((e) => {
        const params = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
        return `${e.instancePath || '(body)'} ${e.message}${params} [${e.schemaPath.replace(DOCUMENT_ID, '')}]`;
      });
      fail(`the body does not match ${at}:\n      ${errors.join('\n      ')}`);
    }
  }

  const documented = Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(key))
      .map((key) => item[key].operationId ?? `${key.toUpperCase()} ${template}`),
  );
  report(exchanges, counts, notChecked, failures, documented);
  if (exchanges.length === 0) {
    console.error('No exchange recorded: nothing was checked.');
    process.exit(1);
  }
  process.exit(failures.length === 0 ? 0 : 1);
}

function report(exchanges, counts, notChecked, failures, documented) {
  console.log('Exchanges per operation and status:');
  const width = Math.max(...[...counts.keys()].map((k) => k.length), 10);
  let checked = 0;
  for (const [operation, statuses] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    checked += total;
    const detail = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(`  ${operation.padEnd(width)} ${String(total).padStart(5)}  ${detail}`);
  }
  const operations = [...counts.keys()].filter((k) => !k.startsWith('(')).length;
  console.log(
    `${exchanges.length} exchanges: ${checked} against the document (${operations} of its ` +
      `${documented.length} operations), ${notChecked.ui} of the web UI and ${notChecked.malformed} ` +
      'with a malformed request line not checked.',
  );
  const unexercised = documented.filter((operation) => !counts.has(operation));
  if (unexercised.length) console.log(`Operations no exchange reached: ${unexercised.join(', ')}`);
  for (const { exchange, message } of failures) {
    if (exchange) {
      const query = exchange.query ? `?${exchange.query}` : '';
      const body = (exchange.body ?? '').length > 600 ? exchange.body.slice(0, 600) + '…' : exchange.body;
      const exchangeLine = `${exchange.method} ${exchange.path}${query} → ${exchange.status} ${exchange.content_type ?? ''}`;
      console.log(`FAIL ${exchangeLine}\n    ${message}\n    body: ${body}`);
    } else {
      console.log(`FAIL ${message}`);
    }
  }
  console.log(failures.length === 0 ? 'The document describes every response.' : `${failures.length} failure(s).`);
}

main();
