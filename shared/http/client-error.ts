/**
 * The answer both Spoke servers (the practice web host and the hub) give a request Node's
 * HTTP parser refuses (malformed headers or framing, a header block too large, a request
 * that took too long): such requests never reach the app, and Fastify's default answer
 * carries none of the security headers every other answer has. Written against the
 * socket's shape only, so it stays free of Node imports.
 */
export interface RawSocket {
  readonly destroyed: boolean;
  readonly writable: boolean;
  write(chunk: string): unknown;
  destroy(): unknown;
}

export function answerClientError(headers: Readonly<Record<string, string>>) {
  return (err: { code?: string | undefined }, socket: RawSocket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, text] = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    const body = JSON.stringify({ ok: false, error: status === 408 ? 'The request took too long to arrive.' : 'The request could not be read.' });
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const length = new TextEncoder().encode(body).length;
    if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\nContent-Length: ${length}\r\nContent-Type: application/json\r\nConnection: close\r\n${lines}\r\n${body}`);
    socket.destroy();
  };
}
