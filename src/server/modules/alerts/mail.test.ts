import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { MailSendError, requiresTls, sendMail } from './mail.ts';

/** A certificate for 127.0.0.1 made for this run (openssl), so the client verifies it as it would a real one. */
function makeCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-smtp-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Received {
  /** The order in which the server saw things, with whether the connection was encrypted then. */
  events: string[];
  auths: { user: string; password: string; secure: boolean }[];
  messages: { from: string; to: string[]; secure: boolean; raw: string }[];
}

/** An in-process SMTP server (smtp-server) that records what it is told. */
async function smtpServer(tls: { key: string; cert: string }, options: Partial<SMTPServerOptions> = {}) {
  const received: Received = { events: [], auths: [], messages: [] };
  const server = new SMTPServer({
    ...tls,
    logger: false,
    // The server would take a password in clear: only the client's own rule can keep it from doing so.
    allowInsecureAuth: true,
    authOptional: true,
    onSecure(_socket, _session, cb) {
      received.events.push('STARTTLS');
      cb();
    },
    onAuth(auth, session, cb) {
      received.events.push(`AUTH secure=${session.secure}`);
      received.auths.push({ user: auth.username ?? '', password: auth.password ?? '', secure: session.secure });
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('refused')) cb(Object.assign(new Error('no such user'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.events.push(`DATA secure=${session.secure}`);
        received.messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The header block of a raw message, unfolded, as name → value. */
function headersOf(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return new Map(head.split(/\r?\n/).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
}

/** RFC 2047 encoded words (B or Q), as a mail reader shows them. */
function decodeWords(value: string): string {
  return value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
    assert.equal(charset.toUpperCase(), 'UTF-8');
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}

describe('alert e-mails through nodemailer', () => {
  let certificate: { key: string; cert: string };
  const trust = () => ({ ca: certificate.cert });
  before(() => {
    certificate = makeCertificate();
  });

  test('STARTTLS comes before AUTH; each message has Date, Message-ID and its Vietnamese subject in UTF-8', async () => {
    const smtp = await smtpServer(certificate);
    try {
      await sendMail(
        `smtp://canbo:m%E1%BA%ADt-kh%E1%BA%A9u@127.0.0.1:${smtp.port}`,
        'tiendo@example.vn',
        [
          { to: 'a@example.vn', subject: 'Cảnh báo: báo cáo trễ hạn — Sở Thông tin và Truyền thông Hà Nội', text: 'Dòng một\n.dòng bắt đầu bằng dấu chấm' },
          { to: 'b@example.vn', subject: 'Plain subject', text: 'Hello' },
        ],
        { tls: trust() },
      );
    } finally {
      await smtp.close();
    }
    const { events, auths, messages } = smtp.received;
    assert.deepEqual(events, ['STARTTLS', 'AUTH secure=true', 'DATA secure=true', 'DATA secure=true']);
    assert.deepEqual(auths, [{ user: 'canbo', password: 'mật-khẩu', secure: true }]);
    assert.deepEqual(
      messages.map((m) => [m.from, m.to]),
      [
        ['tiendo@example.vn', ['a@example.vn']],
        ['tiendo@example.vn', ['b@example.vn']],
      ],
    );
    const ids = new Set<string>();
    for (const m of messages) {
      const h = headersOf(m.raw);
      const date = h.get('date') ?? '';
      assert.match(date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/, `Date header: ${date}`);
      assert.ok(Math.abs(Date.parse(date) - Date.now()) < 10 * 60_000, 'the Date header is the time of sending');
      const id = h.get('message-id') ?? '';
      assert.match(id, /^<[^<>@\s]+@example\.vn>$/, `Message-ID header: ${id}`);
      ids.add(id);
      assert.match(h.get('content-type') ?? '', /charset=utf-8/i);
    }
    assert.equal(ids.size, 2, 'each message has its own Message-ID');
    const first = headersOf(messages[0].raw);
    assert.match(first.get('subject') ?? '', /^=\?UTF-8\?[BQ]\?/i, 'a non-ASCII subject is encoded, never sent as raw bytes');
    assert.equal(decodeWords(first.get('subject') ?? ''), 'Cảnh báo: báo cáo trễ hạn — Sở Thông tin và Truyền thông Hà Nội');
    assert.equal(headersOf(messages[1].raw).get('subject'), 'Plain subject');
    // A line starting with a dot arrives intact (SMTP dot-stuffing is the transport's business).
    const body = messages[0].raw
      .split(/\r?\n\r?\n/)
      .slice(1)
      .join('\n');
    const decoded = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
    assert.match(decoded, /^\.dòng bắt đầu bằng dấu chấm$/m);
  });

  test('with credentials, a server that offers no STARTTLS gets no password and nothing is sent', async () => {
    const smtp = await smtpServer(certificate, { disabledCommands: ['STARTTLS'] });
    try {
      await assert.rejects(
        sendMail(`smtp://canbo:secret@127.0.0.1:${smtp.port}`, 'tiendo@example.vn', [{ to: 'a@example.vn', subject: 's', text: 't' }], { tls: trust() }),
        (err: unknown) => err instanceof MailSendError && err.sentCount === 0 && /STARTTLS/i.test(err.message),
      );
    } finally {
      await smtp.close();
    }
    assert.deepEqual(smtp.received.auths, []);
    assert.deepEqual(smtp.received.messages, []);
  });

  test('requireTLS=false in SMTP_URL lets credentials go to a relay without TLS, as configured', async () => {
    const smtp = await smtpServer(certificate, { disabledCommands: ['STARTTLS'] });
    try {
      await sendMail(`smtp://canbo:secret@127.0.0.1:${smtp.port}?requireTLS=false`, 'tiendo@example.vn', [{ to: 'a@example.vn', subject: 's', text: 't' }]);
    } finally {
      await smtp.close();
    }
    assert.deepEqual(smtp.received.events, ['AUTH secure=false', 'DATA secure=false']);
  });

  test('without credentials STARTTLS is still used when offered', async () => {
    const smtp = await smtpServer(certificate);
    try {
      await sendMail(`smtp://127.0.0.1:${smtp.port}`, 'tiendo@example.vn', [{ to: 'a@example.vn', subject: 's', text: 't' }], { tls: trust() });
    } finally {
      await smtp.close();
    }
    assert.deepEqual(smtp.received.events, ['STARTTLS', 'DATA secure=true']);
  });

  test('a refused recipient is an error naming the reply; the messages before it count as sent', async () => {
    const smtp = await smtpServer(certificate);
    try {
      await assert.rejects(
        sendMail(
          `smtp://127.0.0.1:${smtp.port}`,
          'tiendo@example.vn',
          [
            { to: 'a@example.vn', subject: 's', text: 't' },
            { to: 'refused@example.vn', subject: 's', text: 't' },
            { to: 'c@example.vn', subject: 's', text: 't' },
          ],
          { tls: trust() },
        ),
        (err: unknown) => err instanceof MailSendError && err.sentCount === 1 && /refused@example\.vn/.test(err.message) && /550/.test(err.message),
      );
    } finally {
      await smtp.close();
    }
    assert.deepEqual(
      smtp.received.messages.map((m) => m.to[0]),
      ['a@example.vn'],
    );
  });

  test('TLS is required exactly when credentials are sent over smtp://, unless the URL says otherwise', () => {
    assert.equal(requiresTls('smtp://relay.local:25'), false);
    assert.equal(requiresTls('smtp://u:p@relay.local:587'), true);
    assert.equal(requiresTls('smtp://u:p@relay.local:587?requireTLS=false'), false);
    assert.equal(requiresTls('smtp://relay.local:587?requireTLS=true'), true);
    assert.equal(requiresTls('smtps://u:p@relay.local:465'), false);
  });
});
