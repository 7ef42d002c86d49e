import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { sendMail } from './mail.ts';

/** A tiny SMTP server that records what it is told; `refuse` makes it answer RCPT with 550. */
async function fakeSmtp(options: { refuse?: boolean } = {}) {
  const transcript: string[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let inData = false;
    let buffer = '';
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        transcript.push(line);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 queued\r\n');
          }
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') socket.write('250-fake\r\n250 AUTH PLAIN\r\n');
        else if (verb === 'AUTH') socket.write('235 ok\r\n');
        else if (verb === 'RCPT') socket.write(options.refuse ? '550 no such user\r\n' : '250 ok\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.write('221 bye\r\n');
          socket.end();
        } else socket.write('250 ok\r\n');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return { port, transcript, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('minimal SMTP client for alert e-mails', () => {
  test('sends each message with an encoded Vietnamese subject, dot-stuffing and AUTH PLAIN', async () => {
    const smtp = await fakeSmtp();
    try {
      await sendMail(`smtp://canbo:m%E1%BA%ADt@127.0.0.1:${smtp.port}`, 'tiendo@example.vn', [
        { to: 'a@example.vn', subject: 'Cảnh báo: báo cáo trễ hạn', text: 'Dòng một\n.dòng bắt đầu bằng dấu chấm' },
        { to: 'b@example.vn', subject: 'Plain subject', text: 'Hello' },
      ]);
    } finally {
      await smtp.close();
    }
    const t = smtp.transcript;
    assert.ok(t.includes('MAIL FROM:<tiendo@example.vn>'));
    assert.ok(t.includes('RCPT TO:<a@example.vn>') && t.includes('RCPT TO:<b@example.vn>'));
    const auth = t.find((l) => l.startsWith('AUTH PLAIN '));
    assert.equal(Buffer.from((auth as string).slice(11), 'base64').toString('utf8'), '\0canbo\0mật');
    const subject = t.find((l) => l.startsWith('Subject: =?UTF-8?B?')) as string;
    assert.equal(Buffer.from(subject.slice(19, -2), 'base64').toString('utf8'), 'Cảnh báo: báo cáo trễ hạn');
    assert.ok(t.includes('Subject: Plain subject'));
    assert.ok(t.includes('..dòng bắt đầu bằng dấu chấm'));
    assert.equal(t.at(-1), 'QUIT');
  });

  test('a refused recipient is an error naming the reply', async () => {
    const smtp = await fakeSmtp({ refuse: true });
    try {
      await assert.rejects(
        sendMail(`smtp://127.0.0.1:${smtp.port}`, 'tiendo@example.vn', [{ to: 'x@example.vn', subject: 's', text: 't' }]),
        /RCPT refused: 550 no such user/,
      );
    } finally {
      await smtp.close();
    }
  });
});
