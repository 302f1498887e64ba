import type { ArgumentsHost } from '@nestjs/common';
import { DomainError } from './domain-error';
import { ErrorFilter } from './error.filter';
import { ErrorRenderers, type Refusal, type RefusalRequest } from './error-renderers';

/** Just enough of Express's request and response for the filter. */
function exchange(url: string, headers: Record<string, string> = {}) {
  const sent: { status?: number; type?: string; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res = {
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = String(value)),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(type: string) {
      sent.type = type;
      return this;
    },
    send(body: unknown) {
      sent.body = body;
      return this;
    },
    json(body: unknown) {
      sent.type = 'application/json';
      sent.body = body;
      return this;
    },
  };
  const req = { originalUrl: url, url, method: 'GET', headers, query: {}, id: 'req-1' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  return { host, sent, res };
}

describe('ErrorFilter with error renderers', () => {
  const seen: { refusal: Refusal; request: RefusalRequest }[] = [];
  const renderers = new ErrorRenderers();
  renderers.add(/^\/api\/v1\/public\/[^/]+\/plugins\/demo\/proto(?:\/|$)/, (refusal, request) => {
    seen.push({ refusal, request });
    return { contentType: 'text/plain', body: `${refusal.status} ${refusal.message}` };
  });
  const filter = new ErrorFilter(renderers);

  it('renders refusals under a declared path in that format, with the stable code in X-Error-Code', () => {
    const { host, sent } = exchange('/api/v1/public/x/plugins/demo/proto/things.txt?a=1', { 'accept-language': 'en' });
    filter.catch(new DomainError('TENANT_NOT_FOUND', 404, { tenant: 'x' }), host);
    expect(sent).toEqual({
      status: 404,
      type: 'text/plain',
      body: '404 There is no active district "x"',
      headers: { 'x-error-code': 'TENANT_NOT_FOUND' },
    });
    expect(seen.at(-1)!.request.path).toBe('/api/v1/public/x/plugins/demo/proto/things.txt');
  });

  it('keeps headers already set, so a throttle’s 429 keeps its Retry-After in the protocol’s format', () => {
    const { host, sent, res } = exchange('/api/v1/public/x/plugins/demo/proto/things.txt');
    res.setHeader('Retry-After', '30');
    filter.catch(new DomainError('TOO_MANY_REQUESTS', 429), host);
    expect(sent).toMatchObject({ status: 429, type: 'text/plain', headers: { 'retry-after': '30' } });
    expect(seen.at(-1)!.refusal).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', requestId: 'req-1' });
  });

  it('renders a 500 without internals too', () => {
    const { host, sent } = exchange('/api/v1/public/x/plugins/demo/proto/things.txt');
    filter.catch(new Error('the database password is hunter2'), host);
    expect(sent).toMatchObject({ status: 500, body: '500 服务器内部错误' });
  });

  it('answers the host’s JSON everywhere else, and when a renderer fails', () => {
    const other = exchange('/api/v1/public/x/plugins/demo/other');
    filter.catch(new DomainError('PLUGIN_DISABLED', 404, { plugin: 'demo' }), other.host);
    expect(other.sent).toMatchObject({ status: 404, type: 'application/json', body: { code: 'PLUGIN_DISABLED' } });

    const broken = new ErrorRenderers();
    broken.add(/^\/broken/, () => {
      throw new Error('renderer bug');
    });
    const failing = exchange('/broken/x');
    new ErrorFilter(broken).catch(new DomainError('NOT_FOUND', 404, { entity: 'user' }), failing.host);
    expect(failing.sent).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', requestId: 'req-1' } });
  });
});
