/**
 * Just enough SMTP (RFC 5321) to hand alert e-mails to a relay, with node's own net/tls so that no
 * mail library is needed: smtps:// connects over TLS, smtp:// in plain text (for a relay on the same
 * host or network); user:password in the URL enables AUTH PLAIN.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

function encodeHeader(value: string): string {
  // Vietnamese subjects need RFC 2047 encoding.
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function dotStuff(text: string): string {
  return text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
}

/** Sends messages over one connection; throws with the server's reply when a command is refused. */
export async function sendMail(smtpUrl: string, from: string, messages: readonly MailMessage[], timeoutMs = 15_000): Promise<void> {
  if (messages.length === 0) return;
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port || (secure ? 465 : 25));
  const socket: net.Socket = secure ? tls.connect({ host: url.hostname, port, servername: url.hostname }) : net.connect({ host: url.hostname, port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error('SMTP timeout')));
  socket.setEncoding('utf8');
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  const replies: string[] = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let index: number;
    while ((index = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      // Multi-line replies ("250-…") end with a line whose fourth character is a space.
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const waiter = waiters.shift();
        if (waiter) waiter(line);
        else replies.push(line);
      }
    }
  });
  const failure = new Promise<never>((_, reject) => {
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('SMTP connection closed')));
  });
  const reply = () => Promise.race([failure, new Promise<string>((resolve) => (replies.length ? resolve(replies.shift() as string) : waiters.push(resolve)))]);
  const expect = async (command: string | null, code: string) => {
    if (command !== null) socket.write(`${command}\r\n`);
    const line = await reply();
    if (!line.startsWith(code)) throw new Error(`SMTP ${command?.split(' ')[0] ?? 'greeting'} refused: ${line}`);
  };
  try {
    await expect(null, '220');
    await expect(`EHLO ${net.isIP(url.hostname) ? 'localhost' : 'tiendo'}`, '250');
    if (url.username) {
      const auth = Buffer.from(`\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`).toString('base64');
      await expect(`AUTH PLAIN ${auth}`, '235');
    }
    for (const m of messages) {
      await expect(`MAIL FROM:<${from}>`, '250');
      await expect(`RCPT TO:<${m.to}>`, '25');
      await expect('DATA', '354');
      const body = [
        `From: ${from}`,
        `To: ${m.to}`,
        `Subject: ${encodeHeader(m.subject)}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        dotStuff(m.text),
        '.',
      ].join('\r\n');
      await expect(body, '250');
    }
    socket.write('QUIT\r\n');
  } finally {
    socket.end();
    failure.catch(() => undefined);
  }
}
